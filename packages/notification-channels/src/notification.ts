import { type BreachChange, canonicalBreach } from './breach.js';

export interface BreachNotification {
  kind: 'breach';
  breach: BreachChange;
  /** Escalation step, 1 for the first page. */
  step: number;
  acknowledgeUrl: string;
  /** Chinese title of the standard, when the standards file has one. */
  titleZh?: string;
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

export type Notification = BreachNotification | ResolvedNotification | DigestNotification;

/** Fixed field order and known fields only; see canonicalBreach. */
export function canonicalNotification(notification: Notification): Notification {
  switch (notification.kind) {
    case 'breach':
      return {
        kind: 'breach',
        breach: canonicalBreach(notification.breach),
        step: notification.step,
        acknowledgeUrl: notification.acknowledgeUrl,
        ...(notification.titleZh === undefined ? {} : { titleZh: notification.titleZh }),
      };
    case 'resolved':
      return {
        kind: 'resolved',
        breach: canonicalBreach(notification.breach),
        reason: notification.reason,
        ...(notification.by === undefined ? {} : { by: notification.by }),
      };
    case 'digest':
      return {
        kind: 'digest',
        breaches: notification.breaches.map(canonicalBreach),
        intervalStart: notification.intervalStart,
        intervalEnd: notification.intervalEnd,
        acknowledgeUrl: notification.acknowledgeUrl,
      };
  }
}
