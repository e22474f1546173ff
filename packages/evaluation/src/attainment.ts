/*
 * Attainment counts: how many shipments each standard judged, and how many of
 * them met it, per order day × standard × segment × product × route class.
 *
 * They are derived from the difference between the stored state and the new
 * one (decided outcomes and breach levels), never from the events, so a
 * count moves only when a stored state moves: a redelivered or replayed event
 * changes no state and counts nothing, and a write that is refused (another
 * writer, a stale batch) takes its counts with it. A shipment counts once per
 * standard, by its latest decided outcome: when late evidence turns a breach
 * into met, the met count rises and the judged count stays; when facts leave
 * a standard undecided again (a late cancellation), both fall back.
 */
import { LEVELS, type Level, localDay } from '@slawatch/standards';
import type { ShipmentState } from './state.js';

const DAY_MS = 86_400_000;

/** The counted quantities of one cell: `judged`, `met`, and per level the shipments breached at it. */
export type AttainmentField = 'judged' | 'met' | `breached.${Level}`;

export const ATTAINMENT_FIELDS: ReadonlyArray<AttainmentField> = [
  'judged',
  'met',
  ...LEVELS.map((level) => `breached.${level}` as const),
];

/** Where a shipment counts: the local day its order was created, and what it was. */
export interface AttainmentCell {
  /** `YYYY-MM-DD` in the standards file's time zone (Asia/Shanghai). */
  day: string;
  standard: string;
  segment: string;
  product: string;
  route: string;
}

/** One cell's counts to add (negative to take back). */
export interface AttainmentChange extends AttainmentCell {
  deltas: Partial<Record<AttainmentField, number>>;
}

/** `YYYY-MM-DD` of a local day number (days since 1970-01-01 in the zone). */
export function dayText(localDayNumber: number): string {
  return new Date(localDayNumber * DAY_MS).toISOString().slice(0, 10);
}

/** The local day number of `YYYY-MM-DD`. */
export function dayNumber(text: string): number {
  return Math.floor(Date.parse(`${text}T00:00:00Z`) / DAY_MS);
}

/** The order's local day: the time of the earliest order.created (the log is in time order). */
export function orderDay(state: ShipmentState, timeZone: string): string | undefined {
  const created = state.events.find((e) => e.type === 'order.created');
  return created === undefined ? undefined : dayText(localDay(timeZone, created.timeMs));
}

/** Per standard: 1 for each counted field the state shows. */
function countsOf(state: ShipmentState | undefined): Map<string, Map<AttainmentField, number>> {
  const out = new Map<string, Map<AttainmentField, number>>();
  if (!state?.order) return out;
  const of = (standard: string) => {
    const counts = out.get(standard) ?? new Map<AttainmentField, number>();
    out.set(standard, counts);
    return counts;
  };
  for (const [standard, met] of Object.entries(state.outcomes)) {
    of(standard).set('judged', 1);
    if (met) of(standard).set('met', 1);
  }
  // A shipment counts once per level however many silent gaps it had.
  for (const breach of state.breaches) {
    if (breach.status !== 'retracted') of(breach.standard).set(`breached.${breach.level}`, 1);
  }
  return out;
}

function cellOf(
  state: ShipmentState | undefined,
  timeZone: string,
): Omit<AttainmentCell, 'standard'> | undefined {
  if (!state?.order) return undefined;
  const day = orderDay(state, timeZone);
  if (day === undefined) return undefined;
  const { segment, product, route } = state.order;
  return { day, segment, product, route };
}

/**
 * What to add to the attainment counts when a shipment's stored state goes
 * from `before` to `after`. `after` undefined (retention over, the state is
 * deleted) changes nothing: what was counted stands. If an earlier
 * order.created arrived late and moved the shipment to another cell, its
 * counts move with it.
 */
export function attainmentChanges(
  before: ShipmentState | undefined,
  after: ShipmentState | undefined,
  timeZone: string,
): AttainmentChange[] {
  if (!after?.order) return [];
  if (before && before.outcomes === after.outcomes && before.breaches === after.breaches) return [];
  const cells = new Map<string, AttainmentChange>();
  const add = (state: ShipmentState | undefined, sign: 1 | -1) => {
    const cell = cellOf(state, timeZone);
    if (!cell) return;
    for (const [standard, counts] of countsOf(state)) {
      const key = [cell.day, standard, cell.segment, cell.product, cell.route].join('|');
      const change = cells.get(key) ?? { ...cell, standard, deltas: {} };
      cells.set(key, change);
      for (const [field, count] of counts) change.deltas[field] = (change.deltas[field] ?? 0) + sign * count;
    }
  };
  add(before, -1);
  add(after, 1);
  const changes: AttainmentChange[] = [];
  for (const change of cells.values()) {
    for (const field of ATTAINMENT_FIELDS) if (change.deltas[field] === 0) delete change.deltas[field];
    if (Object.keys(change.deltas).length > 0) changes.push(change);
  }
  return changes;
}
