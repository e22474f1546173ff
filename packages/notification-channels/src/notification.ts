import { type BreachChange, canonicalBreachChange } from '@slawatch/contract';
import { canonicalIncidentNotification, type IncidentNotification } from './incident.js';

export interface BreachNotification {
  kind: 'breach';
  breach: BreachChange;
  /** Escalation step, 1 for the first page. */
  step: number;
  acknowledgeUrl: string;
}

export interface ResolvedNotification {
  kind: 'resolved';
  breach: BreachChange;
  reason: 'resolved' | 'retracted';
  /** Who resolved it (an operator id), when a person did. */
  by?: string;
}

/** Many minor breaches, or breaches merged because a rate limit was reached. */
export interface DigestNotification {
  kind: 'digest';
  breaches: BreachChange[];
  intervalStart: string;
  intervalEnd: string;
  acknowledgeUrl: string;
}

export type Notification =
  | BreachNotification
  | ResolvedNotification
  | DigestNotification
  | IncidentNotification;

/** Fixed field order and known fields only; see canonicalBreachChange. */
export function canonicalNotification(notification: Notification): Notification {
  switch (notification.kind) {
    case 'breach':
      return {
        kind: 'breach',
        breach: canonicalBreachChange(notification.breach),
        step: notification.step,
        acknowledgeUrl: notification.acknowledgeUrl,
      };
    case 'resolved':
      return {
        kind: 'resolved',
        breach: canonicalBreachChange(notification.breach),
        reason: notification.reason,
        ...(notification.by === undefined ? {} : { by: notification.by }),
      };
    case 'incident':
      return canonicalIncidentNotification(notification);
    case 'digest':
      return {
        kind: 'digest',
        breaches: notification.breaches.map(canonicalBreachChange),
        intervalStart: notification.intervalStart,
        intervalEnd: notification.intervalEnd,
        acknowledgeUrl: notification.acknowledgeUrl,
      };
  }
}
