import type { BreachChange } from '@slawatch/contract';
import { z } from 'zod';
import { labelSetFingerprint } from '../fingerprint.js';
import type { IncidentNotification } from '../incident.js';
import type { Notification } from '../notification.js';
import { messageFor, type RenderOptions } from '../render/document.js';
import { toPlainText } from '../render/plain-text.js';
import { JSON_HEADERS, type OutgoingRequest } from '../request.js';
import { judgeByStatus } from '../send.js';
import { httpUrl } from './url.js';

export const AlertmanagerTargetSchema = z.strictObject({
  type: z.literal('alertmanager'),
  url: httpUrl,
  /** The `receiver` field, as an Alertmanager route would name it. */
  receiver: z.string().min(1).default('slawatch'),
  /** Base of slawatch's ops UI: `externalURL`, and `generatorURL` = `<externalUrl>/breaches/<breachId>`. */
  externalUrl: httpUrl,
  /** Like Alertmanager's `max_alerts`: 0 sends all alerts, otherwise the rest are counted in `truncatedAlerts`. */
  maxAlerts: z.int().nonnegative().default(0),
  /** Sent as `Authorization: Bearer …` when the receiver requires it. */
  bearerToken: z.string().min(1).optional(),
});
export type AlertmanagerTarget = z.output<typeof AlertmanagerTargetSchema>;

export const ALERT_NAME = 'SlawatchBreach';
export const INCIDENT_ALERT_NAME = 'SlawatchIncident';
/** Alertmanager's zero time: the alert has not ended. */
export const NOT_ENDED = '0001-01-01T00:00:00Z';
// Grouping in Alertmanager terms: these labels, when all alerts share them.
const GROUP_BY = ['alertname', 'standard', 'segment'] as const;

export interface AlertmanagerAlert {
  status: 'firing' | 'resolved';
  labels: Record<string, string>;
  annotations: Record<string, string>;
  startsAt: string;
  endsAt: string;
  generatorURL: string;
  fingerprint: string;
}

/** Exactly the fields of Alertmanager's webhook payload, version "4", in its order. */
export interface AlertmanagerPayload {
  receiver: string;
  status: 'firing' | 'resolved';
  alerts: AlertmanagerAlert[];
  groupLabels: Record<string, string>;
  commonLabels: Record<string, string>;
  commonAnnotations: Record<string, string>;
  externalURL: string;
  version: '4';
  groupKey: string;
  truncatedAlerts: number;
}

/** Labels for routing and silencing. The waybill is fine here: Alertmanager labels are not metric series. */
export function alertLabels(breach: BreachChange): Record<string, string> {
  return sortedRecord({
    alertname: ALERT_NAME,
    breach_id: breach.breachId,
    element: breach.element,
    level: breach.level,
    phase: breach.phase,
    product: breach.product,
    route: breach.route,
    segment: breach.segment,
    severity: breach.severity,
    standard: breach.standard,
    waybill: breach.waybill,
  });
}

function alertFor(
  breach: BreachChange,
  status: 'firing' | 'resolved',
  annotations: Record<string, string>,
  target: AlertmanagerTarget,
  nowMs: number,
): AlertmanagerAlert {
  const labels = alertLabels(breach);
  return {
    status,
    labels,
    annotations: sortedRecord(annotations),
    startsAt: new Date(breach.detectedAt).toISOString(),
    endsAt: status === 'firing' ? NOT_ENDED : new Date(nowMs).toISOString(),
    generatorURL: `${target.externalUrl.replace(/\/+$/, '')}/breaches/${encodeURIComponent(breach.breachId)}`,
    fingerprint: labelSetFingerprint(labels),
  };
}

function breachAnnotations(
  breach: BreachChange,
  summary: string,
  description: string,
): Record<string, string> {
  const annotations: Record<string, string> = {
    summary,
    description,
    standards_version: breach.standardsVersion,
  };
  if (breach.dueAt !== null) annotations['due_at'] = breach.dueAt;
  if (breach.action !== undefined) annotations['action'] = breach.action;
  if (breach.evidence.length > 0) annotations['evidence'] = breach.evidence.join(', ');
  return annotations;
}

function alertsFor(
  notification: Notification,
  target: AlertmanagerTarget,
  nowMs: number,
  options: RenderOptions,
): AlertmanagerAlert[] {
  switch (notification.kind) {
    case 'breach':
    case 'resolved': {
      const message = messageFor(notification, options);
      const annotations = breachAnnotations(notification.breach, message.title, toPlainText(message));
      if (notification.kind === 'breach') annotations['acknowledge_url'] = notification.acknowledgeUrl;
      else annotations['resolution'] = notification.reason;
      const status = notification.kind === 'breach' ? 'firing' : 'resolved';
      return [alertFor(notification.breach, status, annotations, target, nowMs)];
    }
    case 'digest':
      // One alert per breach, as Alertmanager would group them; each describes itself.
      return notification.breaches.map((breach) => {
        const message = messageFor({
          kind: 'breach',
          breach,
          step: 1,
          acknowledgeUrl: notification.acknowledgeUrl,
        });
        const annotations = breachAnnotations(breach, message.title, toPlainText(message));
        annotations['acknowledge_url'] = notification.acknowledgeUrl;
        return alertFor(breach, 'firing', annotations, target, nowMs);
      });
    case 'incident':
      return [incidentAlert(notification, target, nowMs, options)];
  }
}

/** One alert per incident: its labels are the grouping values, so an Alertmanager route can select on them. */
function incidentAlert(
  notification: IncidentNotification,
  target: AlertmanagerTarget,
  nowMs: number,
  options: RenderOptions,
): AlertmanagerAlert {
  const { incident } = notification;
  const message = messageFor(notification, { ...options, nowMs });
  const grouping = Object.fromEntries(
    Object.entries(incident.labels).map(([name, value]) => [`group_${name}`, value]),
  );
  const labels = sortedRecord({
    ...grouping,
    alertname: INCIDENT_ALERT_NAME,
    incident_id: incident.incidentId,
    severity: incident.severity,
    standard: incident.standard,
  });
  const resolved = notification.message === 'resolved';
  return {
    status: resolved ? 'resolved' : 'firing',
    labels,
    annotations: sortedRecord({
      summary: message.title,
      description: toPlainText(message),
      [resolved ? 'incident_url' : 'acknowledge_url']: notification.url,
      open: String(incident.counts.open),
    }),
    startsAt: new Date(incident.openedAt).toISOString(),
    endsAt: resolved ? new Date(nowMs).toISOString() : NOT_ENDED,
    generatorURL: `${target.externalUrl.replace(/\/+$/, '')}/incidents/${encodeURIComponent(incident.incidentId)}`,
    fingerprint: labelSetFingerprint(labels),
  };
}

/** Pairs present with the same value in every record. */
function common(records: ReadonlyArray<Record<string, string>>): Record<string, string> {
  const [first, ...rest] = records;
  if (first === undefined) return {};
  const shared: Record<string, string> = {};
  for (const [name, value] of Object.entries(first)) {
    if (rest.every((record) => record[name] === value)) shared[name] = value;
  }
  return sortedRecord(shared);
}

/** Go's LabelSet.String(): `{a="x", b="y"}` sorted by name. */
function labelSetString(labels: Record<string, string>): string {
  const pairs = Object.keys(labels)
    .sort()
    .map((name) => `${name}=${JSON.stringify(labels[name])}`);
  return `{${pairs.join(', ')}}`;
}

// Go marshals maps with sorted keys; doing the same keeps the bytes identical to Alertmanager's.
function sortedRecord(record: Record<string, string>): Record<string, string> {
  const sorted: Record<string, string> = {};
  for (const name of Object.keys(record).sort()) sorted[name] = record[name]!;
  return sorted;
}

export function payloadFor(
  notification: Notification,
  target: AlertmanagerTarget,
  nowMs: number,
  options: RenderOptions = {},
): AlertmanagerPayload {
  const all = alertsFor(notification, target, nowMs, options);
  const alerts = target.maxAlerts > 0 ? all.slice(0, target.maxAlerts) : all;
  const commonLabels = common(all.map((alert) => alert.labels));
  const groupLabels: Record<string, string> = {};
  for (const name of GROUP_BY) {
    const value = commonLabels[name];
    if (value !== undefined) groupLabels[name] = value;
  }
  return {
    receiver: target.receiver,
    status: all.every((alert) => alert.status === 'resolved') ? 'resolved' : 'firing',
    alerts,
    groupLabels: sortedRecord(groupLabels),
    commonLabels,
    commonAnnotations: common(all.map((alert) => alert.annotations)),
    externalURL: target.externalUrl,
    version: '4',
    groupKey: `{}:${labelSetString(groupLabels)}`,
    truncatedAlerts: all.length - alerts.length,
  };
}

export function build(
  notification: Notification,
  target: AlertmanagerTarget,
  nowMs: number,
  options: RenderOptions = {},
): OutgoingRequest {
  const headers: Record<string, string> = { ...JSON_HEADERS };
  if (target.bearerToken !== undefined) headers['Authorization'] = `Bearer ${target.bearerToken}`;
  return {
    url: target.url,
    method: 'POST',
    headers,
    body: JSON.stringify(payloadFor(notification, target, nowMs, options)),
  };
}

export const judgeReply = judgeByStatus;
