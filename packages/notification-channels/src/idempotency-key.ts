import { createHash } from 'node:crypto';
import type { Notification } from './notification.js';

export const IDEMPOTENCY_HEADER = 'Idempotency-Key';

/**
 * The same key on every delivery of one notification, a different key for
 * every other: escalation delivers at least once (a crash between sending
 * and recording the delivery sends it again), so a receiver that remembers
 * keys drops the repeat. Built from what the notification is about, never
 * from when it was sent, so a retry rebuilt later carries the same key.
 */
export function idempotencyKey(notification: Notification): string {
  switch (notification.kind) {
    case 'breach':
      return `breach/${notification.breach.breachId}/step/${notification.step}`;
    case 'resolved':
      return `resolved/${notification.breach.breachId}/${notification.reason}`;
    case 'digest':
      return `digest/${notification.intervalStart}/${notification.intervalEnd}/${digestOf(
        notification.breaches.map((b) => `${b.breachId}|${b.status}`).sort(),
      )}`;
    case 'incident': {
      // Updates of one incident differ by what changed: its counts and examples.
      const { incidentId, counts, examples } = notification.incident;
      const step = notification.step ?? 0;
      return `incident/${incidentId}/${notification.message}/${step}/${digestOf([JSON.stringify({ counts, examples })])}`;
    }
  }
}

function digestOf(parts: string[]): string {
  return createHash('sha256').update(parts.join('\n')).digest('hex').slice(0, 16);
}
