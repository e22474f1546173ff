import { type AttainmentChange, dayNumber } from '@slawatch/evaluation';
import { type AttainmentIncrement, attainmentFieldPrefix } from '@slawatch/shipment-store';
import { innerMap } from './inner-map.js';

const DAY_SECONDS = 86_400;

/** A batch's attainment increments summed so far, by order day. */
export type AttainmentDays = Map<string, AttainmentIncrement>;

/**
 * Sums a batch's attainment changes per order day into the increments the
 * commit script adds with the states (one hash per partition and day, so the
 * keys stay bounded: days kept × partitions). A day's hash expires
 * `retentionDays` after the day ends (a day of slack covers every time zone).
 * Pure.
 */
export class AttainmentTally {
  /** Field names by standard, segment, product and route: a few thousand, built once each. */
  private readonly fieldNames = new Map<string, Map<string, Map<string, Map<string, CellFields>>>>();

  constructor(private readonly retentionDays: number) {}

  /**
   * The hash fields of one cell, the same string each time: a field built
   * per change would be a new string to allocate and hash in every lookup.
   */
  private fieldsOf(cell: AttainmentChange): CellFields {
    const byRoute = innerMap(innerMap(innerMap(this.fieldNames, cell.standard), cell.segment), cell.product);
    let fields = byRoute.get(cell.route);
    if (!fields) {
      fields = new CellFields(attainmentFieldPrefix(cell));
      byRoute.set(cell.route, fields);
    }
    return fields;
  }

  /** Adds changes to the increments summed so far (by order day), as each shipment is evaluated. */
  add(days: AttainmentDays, changes: Iterable<AttainmentChange>): void {
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
      const fields = this.fieldsOf(change);
      for (const quantity in deltas) {
        const delta = deltas[quantity as keyof typeof deltas] ?? 0;
        const field = fields.of(quantity);
        day.increments.set(field, (day.increments.get(field) ?? 0) + delta);
      }
    }
  }
}

/** One cell's field names by quantity (see attainmentField). */
class CellFields {
  private readonly byQuantity = new Map<string, string>();

  constructor(private readonly prefix: string) {}

  of(quantity: string): string {
    let field = this.byQuantity.get(quantity);
    if (field === undefined) {
      field = this.prefix + quantity;
      this.byQuantity.set(quantity, field);
    }
    return field;
  }
}
