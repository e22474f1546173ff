import type { Segment } from '@slawatch/contract';
import type { IncidentNotification, IncidentSummary } from '../incident.js';
import { INCIDENT_EXAMPLES } from '../incident.js';
import { chinaTime } from './clock.js';
import type { MessageDocument, MessageField } from './document.js';
import { describeMinutes } from './duration.js';
import { type Bilingual, SEGMENT_NAMES, SEVERITY_NAMES } from './labels.js';

const PLACE_NAMES: Record<string, Bilingual> = {
  hub: { zh: '中转中心', en: 'hub' },
  outlet: { zh: '网点', en: 'outlet' },
};

const count = (n: number) => n.toLocaleString('en-US');

/** `hub HGH01`, `courier K7`, `lane Hangzhou→Beijing`, … from the first grouping label that names a cause. */
function causeOf(labels: Record<string, string>): Bilingual | undefined {
  const facility = labels['facility'];
  if (facility && facility !== '-') {
    const [kind, ...rest] = facility.split(':');
    const name = PLACE_NAMES[kind ?? ''] ?? { zh: '站点', en: 'facility' };
    return { zh: `${name.zh} ${rest.join(':')}`, en: `${name.en} ${rest.join(':')}` };
  }
  const named: Array<[string, Bilingual]> = [
    ['courier', { zh: '快递员', en: 'courier' }],
    ['lane', { zh: '线路', en: 'lane' }],
    ['customer', { zh: '客户', en: 'customer' }],
    ['origin', { zh: '始发城市', en: 'origin' }],
    ['destination', { zh: '目的城市', en: 'destination' }],
  ];
  for (const [field, name] of named) {
    const value = labels[field];
    if (value && value !== '-') return { zh: `${name.zh} ${value}`, en: `${name.en} ${value}` };
  }
  return undefined;
}

/** The line a person reads on a phone: `hub HGH01: 2,318 parcels without a scan for 6 h`. */
export function incidentHeadline(incident: IncidentSummary, nowMs: number): Bilingual {
  const open = count(incident.counts.open);
  const cause = causeOf(incident.labels);
  const title = incident.mixedStandards
    ? { zh: '违约', en: 'breaching' }
    : { zh: incident.titleZh ?? incident.title, en: incident.title };
  const dark =
    incident.lastSeenAt === undefined
      ? undefined
      : describeMinutes(Math.max(1, Math.floor((nowMs - Date.parse(incident.lastSeenAt)) / 60_000)));
  const zhWhat = dark ? `${open} 件 ${dark.zh}无扫描（${title.zh}）` : `${open} 件 ${title.zh}`;
  const enWhat = dark
    ? `${open} parcels without a scan for ${dark.en} (${title.en})`
    : `${open} parcels ${title.en}`;
  return cause ? { zh: `${cause.zh}：${zhWhat}`, en: `${cause.en}: ${enWhat}` } : { zh: zhWhat, en: enWhat };
}

const TAGS: Record<IncidentNotification['message'], Bilingual> = {
  page: { zh: '事件', en: 'incident' },
  update: { zh: '事件更新', en: 'incident update' },
  reminder: { zh: '事件提醒', en: 'incident reminder' },
  resolved: { zh: '事件已解决', en: 'incident resolved' },
};

function segmentLine(bySegment: IncidentSummary['bySegment']): string {
  const parts = Object.entries(bySegment)
    .filter(([, n]) => (n ?? 0) > 0)
    .sort((a, b) => (b[1] ?? 0) - (a[1] ?? 0))
    .map(([segment, n]) => `${SEGMENT_NAMES[segment as Segment]?.zh ?? segment} ${segment} ${count(n ?? 0)}`);
  return parts.length === 0 ? '-' : parts.join(' · ');
}

/** One message for a page, update, reminder or resolved notice of an incident; its size does not grow with members. */
export function incidentMessage(notification: IncidentNotification, nowMs: number): MessageDocument {
  const { incident, message } = notification;
  const severity = SEVERITY_NAMES[incident.severity];
  const tag = TAGS[message];
  const headline = incidentHeadline(incident, nowMs);
  const { counts } = incident;
  const fields: MessageField[] = [
    {
      label: '数量 Counts',
      value: `未解决 open ${count(counts.open)} · 新增 new ${count(counts.new)} · 已解决 resolved ${count(counts.resolved)} · 共 total ${count(counts.members)}`,
    },
    {
      label: '服务标准 Standard',
      value: incident.mixedStandards
        ? `${incident.standard} 等 and others`
        : `${incident.title} (${incident.standard})`,
    },
  ];
  if (incident.oldestDetectedAt)
    fields.push({ label: '最早 Oldest', value: chinaTime(incident.oldestDetectedAt) });
  fields.push({ label: '客户类型 Segments', value: segmentLine(incident.bySegment) });
  if (notification.step !== undefined)
    fields.push({ label: '升级 Escalation', value: `第${notification.step}级 / step ${notification.step}` });
  if (notification.by !== undefined) fields.push({ label: '处理人 By', value: notification.by });
  const examples = incident.examples.slice(0, INCIDENT_EXAMPLES);
  return {
    tone: message === 'resolved' ? 'resolved' : incident.severity,
    title: `【${severity.zh}·${tag.zh}】[${severity.en} · ${tag.en}] ${headline.zh} / ${headline.en}`,
    fields,
    notes: [],
    items: message === 'resolved' ? [] : examples.map((waybill) => `运单 waybill ${waybill}`),
    moreItems: message === 'resolved' ? 0 : Math.max(0, counts.open - examples.length),
    link:
      message === 'resolved'
        ? { text: '查看 View', url: notification.url }
        : { text: '确认处理 Acknowledge', url: notification.url },
    footer: `slawatch · incident ${incident.incidentId}`,
  };
}
