import { fileURLToPath } from 'node:url';
import { loadStandards } from '@slawatch/standards';
import type { EventType, ShipmentEvent } from '../src/event.js';
import {
  type BreachChange,
  compileStandards,
  type Deadline,
  evaluate,
  fire,
  fireDue,
  type Outcome,
} from '../src/index.js';
import type { ShipmentState } from '../src/state.js';

export const HOUR = 3_600_000;
export const DAY = 24 * HOUR;

export function standardsAt(relative: string) {
  return compileStandards(loadStandards(fileURLToPath(new URL(`../../../${relative}`, import.meta.url))));
}

export const defaults = standardsAt('standards/default.yaml');

/** 2026-11-02 09:00 in Shanghai (01:00 UTC), a Monday: the order time of most tests. */
export const T0 = Date.parse('2026-11-02T01:00:00Z');

export const WAYBILL = 'STO1234567890';

const places = {
  shanghai: { province: 'Shanghai', city: 'Shanghai' },
  suzhou: { province: 'Jiangsu', city: 'Suzhou' },
  nanjing: { province: 'Jiangsu', city: 'Nanjing' },
  beijing: { province: 'Beijing', city: 'Beijing' },
  urumqi: { province: 'Xinjiang', city: 'Urumqi' },
};

let counter = 0;
export function event(
  type: EventType,
  timeMs: number,
  data: Record<string, unknown> = {},
  id?: string,
): ShipmentEvent {
  counter += 1;
  return { id: id ?? `${type}-${counter}`, type, waybill: WAYBILL, timeMs, data };
}

export interface OrderOptions {
  segment?: string;
  product?: string;
  from?: keyof typeof places;
  to?: keyof typeof places;
  pieces?: number;
  promisedDeliveryBy?: string;
}

export function order(timeMs: number, options: OrderOptions = {}): ShipmentEvent {
  return event('order.created', timeMs, {
    orderId: 'O1',
    customerId: 'C1',
    segment: options.segment ?? 'individual',
    product: options.product ?? 'standard',
    origin: places[options.from ?? 'shanghai'],
    destination: places[options.to ?? 'beijing'],
    pieces: options.pieces ?? 1,
    ...(options.promisedDeliveryBy ? { promisedDeliveryBy: options.promisedDeliveryBy } : {}),
  });
}

export const pickup = (timeMs: number, pieces = 1) =>
  event('dispatch.picked_up', timeMs, { outlet: 'SH01', pieces });
export const hubScan = (timeMs: number) =>
  event('dispatch.hub_scan', timeMs, { facility: 'H1', direction: 'arrival' });
export const outForDelivery = (timeMs: number) =>
  event('dispatch.out_for_delivery', timeMs, { outlet: 'BJ01' });
export const delivered = (timeMs: number, data: Record<string, unknown> = {}) =>
  event('delivery.delivered', timeMs, { pieces: 1, condition: 'intact', handover: 'recipient', ...data });

/** One arrival: the event and the wall-clock time it reaches the consumer (its own time unless delayed). */
export interface Arrival {
  event: ShipmentEvent;
  arriveMs?: number;
}

export interface Run {
  state: ShipmentState | undefined;
  changes: BreachChange[];
  outcomes: Outcome[];
  deadlines: Map<string, number>;
  /** Last reported status per breach id. */
  statuses: Map<string, BreachChange>;
}

/** How the simulated store schedules: one entry per deadline id (`fire`), or only the next due time (`fireDue`). */
export type Store = 'each' | 'next';

/**
 * Plays arrivals in wall-clock order, firing every deadline the moment it is due
 * (as the store's scheduler would), then fires whatever is due by `untilMs`.
 */
export function play(arrivals: Arrival[], untilMs: number, compiled = defaults, store: Store = 'each'): Run {
  const run: Run = { state: undefined, changes: [], outcomes: [], deadlines: new Map(), statuses: new Map() };
  let nextDueMs: number | undefined;
  const apply = (result: ReturnType<typeof evaluate>) => {
    run.state = result.state;
    nextDueMs = result.nextDueMs;
    run.changes.push(...result.changes);
    run.outcomes.push(...result.outcomes);
    for (const id of result.clearDeadlines) run.deadlines.delete(id);
    for (const d of result.setDeadlines) run.deadlines.set(d.id, d.dueMs);
    for (const change of result.changes) run.statuses.set(change.breachId, change);
  };
  const fireUntil = (nowMs: number, inclusive: boolean) => {
    while (store === 'next') {
      if (nextDueMs === undefined || !run.state || nextDueMs > nowMs || (!inclusive && nextDueMs === nowMs))
        return;
      apply(fireDue(compiled, run.state, WAYBILL, nextDueMs));
    }
    for (;;) {
      const due = [...run.deadlines.entries()]
        .filter(([, dueMs]) => dueMs < nowMs || (inclusive && dueMs === nowMs))
        .sort((a, b) => a[1] - b[1])[0];
      if (!due || !run.state) return;
      const [id, dueMs] = due;
      run.deadlines.delete(id);
      const deadline: Deadline & { waybill: string } = { id, dueMs, waybill: WAYBILL };
      apply(fire(compiled, run.state, deadline, dueMs));
    }
  };
  const ordered = arrivals
    .map((a, i) => ({ ...a, at: a.arriveMs ?? a.event.timeMs, i }))
    .sort((a, b) => a.at - b.at || a.i - b.i);
  for (const arrival of ordered) {
    // An event at the very due time is taken first: it meets the limit (stop ≤ due).
    fireUntil(arrival.at, false);
    apply(evaluate(compiled, run.state, arrival.event, arrival.at));
  }
  fireUntil(untilMs, true);
  return run;
}

/** Breaches that stand at the end, as `id → status`; retracted ones count as never having happened. */
export function standing(run: Run, standard?: string): Record<string, string> {
  const result: Record<string, string> = {};
  for (const [id, change] of [...run.statuses.entries()].sort()) {
    if (change.status !== 'retracted' && (!standard || change.standard === standard))
      result[id] = change.status;
  }
  return result;
}

export function inOrder(events: ShipmentEvent[]): Arrival[] {
  return events.map((e) => ({ event: e }));
}
