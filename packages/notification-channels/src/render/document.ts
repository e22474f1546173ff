import type { BreachChange, Severity } from '@slawatch/contract';
import type {
  BreachNotification,
  DigestNotification,
  Notification,
  ResolvedNotification,
} from '../notification.js';
import { actionLines } from './action.js';
import { chinaTime, chinaTimeSpan } from './clock.js';
import { describeLateness } from './duration.js';
import { incidentMessage } from './incident-message.js';
import { both, LEVEL_NAMES, PRODUCT_NAMES, ROUTE_NAMES, SEGMENT_NAMES, SEVERITY_NAMES } from './labels.js';

/** Decides colour and emoji in the channels that have them. */
export type Tone = Severity | 'resolved';

export interface MessageField {
  label: string;
  value: string;
}

export interface MessageLink {
  text: string;
  url: string;
}

/**
 * One message independent of any markup. Every text is plain: each format
 * (plain text, markdown, Slack mrkdwn, Feishu card) escapes it its own way.
 */
export interface MessageDocument {
  tone: Tone;
  title: string;
  fields: MessageField[];
  /** Paragraphs after the fields, each a heading and its lines (e.g. what to do). */
  notes: MessageNote[];
  /** Digest entries, one line per breach. */
  items: string[];
  /** Digest entries left out; shown as a count. */
  moreItems: number;
  link?: MessageLink;
  footer: string;
}

export interface MessageNote {
  heading: string;
  lines: string[];
}

export interface RenderOptions {
  /** Most breaches a digest lists one by one; the rest are counted. */
  digestLimit?: number;
  /** The time an incident's "dark for" is measured to; now when absent. */
  nowMs?: number;
}

export const DEFAULT_DIGEST_LIMIT = 20;
const EVIDENCE_SHOWN = 5;

export function messageFor(notification: Notification, options: RenderOptions = {}): MessageDocument {
  switch (notification.kind) {
    case 'breach':
      return breachMessage(notification);
    case 'resolved':
      return resolvedMessage(notification);
    case 'digest':
      return digestMessage(notification, options.digestLimit ?? DEFAULT_DIGEST_LIMIT);
    case 'incident':
      return incidentMessage(notification, options.nowMs ?? Date.now());
  }
}

/** Moves digest entries beyond `limit` into the count; used to fit size limits. */
export function limitItems(message: MessageDocument, limit: number): MessageDocument {
  if (message.items.length <= limit) return message;
  return {
    ...message,
    items: message.items.slice(0, limit),
    moreItems: message.moreItems + message.items.length - limit,
  };
}

/** `【紧急·违约】` `[critical · breach]` */
function gradeOf(breach: BreachChange): { zh: string; en: string } {
  const severity = SEVERITY_NAMES[breach.severity];
  const level = LEVEL_NAMES[breach.level];
  return { zh: `【${severity.zh}·${level.zh}】`, en: `[${severity.en} · ${level.en}]` };
}

function standardTitle({ title, titleZh }: BreachChange): string {
  return titleZh === undefined || titleZh === title ? title : `${titleZh} ${title}`;
}

function shipmentFields(breach: BreachChange): MessageField[] {
  return [
    { label: '运单 Waybill', value: breach.waybill },
    { label: '服务标准 Standard', value: `${standardTitle(breach)} (${breach.standard})` },
    { label: '客户类型 Segment', value: both(SEGMENT_NAMES[breach.segment]) },
    { label: '产品 Product', value: both(PRODUCT_NAMES[breach.product]) },
    { label: '线路 Route', value: both(ROUTE_NAMES[breach.route]) },
  ];
}

function timingFields(breach: BreachChange): MessageField[] {
  const fields: MessageField[] = [];
  if (breach.dueAt !== null) fields.push({ label: '期限 Due', value: chinaTime(breach.dueAt) });
  fields.push({ label: '发现时间 Detected', value: chinaTime(breach.detectedAt) });
  if (breach.dueAt !== null) {
    const lateness = describeLateness(breach.dueAt, breach.detectedAt);
    fields.push({ label: '超时 Lateness', value: `${lateness.zh} / ${lateness.en}` });
  }
  return fields;
}

function evidenceField(breach: BreachChange): MessageField[] {
  if (breach.evidence.length === 0) return [];
  const shown = breach.evidence.slice(0, EVIDENCE_SHOWN).join(', ');
  const rest = breach.evidence.length - EVIDENCE_SHOWN;
  return [{ label: '依据 Evidence', value: rest > 0 ? `${shown} (+${rest})` : shown }];
}

function footerOf(breach: BreachChange): string {
  return `slawatch · 标准版本 standards ${breach.standardsVersion} · ${breach.breachId}`;
}

function breachMessage(notification: BreachNotification): MessageDocument {
  const { breach } = notification;
  const grade = gradeOf(breach);
  return {
    tone: breach.severity,
    title: `${grade.zh}${grade.en} ${standardTitle(breach)} — ${breach.waybill}`,
    fields: [
      ...shipmentFields(breach),
      ...timingFields(breach),
      { label: '升级 Escalation', value: `第${notification.step}级 / step ${notification.step}` },
      ...evidenceField(breach),
    ],
    notes: [{ heading: '处理建议 What to do', lines: actionLines(breach.element, breach.action) }],
    items: [],
    moreItems: 0,
    link: { text: '确认处理 Acknowledge', url: notification.acknowledgeUrl },
    footer: footerOf(breach),
  };
}

function resolvedMessage(notification: ResolvedNotification): MessageDocument {
  const { breach, reason } = notification;
  const outcome =
    reason === 'resolved'
      ? { tag: '【已解决】[resolved]', zh: '该违约已解决。', en: 'The breach has been resolved.' }
      : {
          tag: '【已撤销】[retracted]',
          zh: '该告警已撤销：后续事件表明并未违约。',
          en: 'The alert was retracted: later events show no breach.',
        };
  const fields = shipmentFields(breach);
  if (notification.by !== undefined) fields.push({ label: '处理人 By', value: notification.by });
  return {
    tone: 'resolved',
    title: `${outcome.tag} ${standardTitle(breach)} — ${breach.waybill}`,
    fields,
    notes: [{ heading: '状态 Status', lines: [outcome.zh, outcome.en] }],
    items: [],
    moreItems: 0,
    footer: footerOf(breach),
  };
}

const SEVERITY_RANK: Record<Severity, number> = { minor: 0, major: 1, critical: 2 };

function digestMessage(notification: DigestNotification, limit: number): MessageDocument {
  const { breaches } = notification;
  const worst = breaches.reduce<Severity>(
    (current, breach) =>
      SEVERITY_RANK[breach.severity] > SEVERITY_RANK[current] ? breach.severity : current,
    'minor',
  );
  const items = breaches.map((breach) => {
    const grade = gradeOf(breach);
    const lateness = breach.dueAt === null ? undefined : describeLateness(breach.dueAt, breach.detectedAt);
    const late = lateness === undefined ? '' : `, ${lateness.zh} / ${lateness.en}`;
    return `${grade.zh}${grade.en} ${breach.waybill} — ${breach.title} (${breach.standard})${late}`;
  });
  const versions = [...new Set(breaches.map((breach) => breach.standardsVersion))].join(', ');
  const message: MessageDocument = {
    tone: worst,
    title: `【汇总】[digest] ${breaches.length} 项违约 / ${breaches.length} breaches, ${chinaTimeSpan(notification.intervalStart, notification.intervalEnd)}`,
    fields: [],
    notes: [],
    items,
    moreItems: 0,
    link: { text: '查看并确认 Review and acknowledge', url: notification.acknowledgeUrl },
    footer: `slawatch · 标准版本 standards ${versions === '' ? '-' : versions}`,
  };
  return limitItems(message, limit);
}

/** `…另有 3 项未列出 / and 3 more` */
export function moreItemsLine(count: number): string {
  return `…另有 ${count} 项未列出 / and ${count} more`;
}
