import { type AttainmentChange, dayNumber } from '@slawatch/evaluation';
import { type AttainmentIncrement, attainmentField } from '@slawatch/shipment-store';

const DAY_SECONDS = 86_400;

/**
 * Sums a batch's attainment changes per order day into the increments the
 * commit script adds with the states (one hash per partition and day, so the
 * keys stay bounded: days kept × partitions). A day's hash expires
 * `retentionDays` after the day ends (a day of slack covers every time zone).
 * Pure.
 */
export class AttainmentTally {
  constructor(private readonly retentionDays: number) {}

  increments(changes: Iterable<AttainmentChange>): AttainmentIncrement[] {
    const days = new Map<string, AttainmentIncrement>();
    for (const change of changes) {
      let day = days.get(change.day);
      if (!day) {
        day = {
          day: change.day,
          expireAtSeconds: (dayNumber(change.day) + 2 + this.retentionDays) * DAY_SECONDS,
          increments: new Map<string, number>(),
        };
        days.set(change.day, day);
      }
      const { deltas } = change;
      for (const quantity in deltas) {
        const delta = deltas[quantity as keyof typeof deltas] ?? 0;
        const field = attainmentField(change, quantity);
        day.increments.set(field, (day.increments.get(field) ?? 0) + delta);
      }
    }
    return [...days.values()];
  }
}
