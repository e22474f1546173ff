import type { EventType } from './event.js';
import type { ShipmentState } from './state.js';

const HOUR_MS = 3_600_000;

/**
 * How far before its shipment's order an event may be dated. A pickup or a
 * scan cannot happen long before the order exists; one dated so is an
 * upstream clock fault (a scanner's reset clock, a batch replayed with
 * the wrong dates), and judging it would open or meet deadlines on times
 * that never were. The tolerance covers clocks that differ between
 * systems and counter orders entered after the parcel was handed over.
 */
export interface OrderBound {
  maxBeforeOrderMs: number;
}

export const DEFAULT_ORDER_BOUND: OrderBound = { maxBeforeOrderMs: 24 * HOUR_MS };

/**
 * Why this event is implausible next to its shipment's order, as `path:
 * expected …, got …`, or undefined. An event other than the order is
 * compared with the order's time; an order that arrives after other events
 * is compared with the earliest of them (the order is then the odd one out).
 * Only times are quoted: no personal data.
 */
export function outsideOrderBound(
  state: ShipmentState,
  event: { type: EventType; timeMs: number },
  bound: OrderBound,
): string | undefined {
  if (event.type !== 'order.created') {
    const orderMs = earliestTime(state, true);
    if (orderMs === undefined || event.timeMs >= orderMs - bound.maxBeforeOrderMs) return undefined;
    return `time: expected no earlier than ${iso(orderMs - bound.maxBeforeOrderMs)} (the order's time ${iso(orderMs)} minus ${hours(bound)}), got ${iso(event.timeMs)}`;
  }
  const firstMs = earliestTime(state, false);
  if (firstMs === undefined || event.timeMs <= firstMs + bound.maxBeforeOrderMs) return undefined;
  return `time: expected no later than ${iso(firstMs + bound.maxBeforeOrderMs)} (the shipment's earliest event ${iso(firstMs)} plus ${hours(bound)}), got ${iso(event.timeMs)}`;
}

/** The earliest order (`order` true) or earliest other event; a flag, not a predicate: this runs for every event. */
function earliestTime(state: ShipmentState, order: boolean): number | undefined {
  // Events are sorted by time: the first match is the earliest.
  for (const logged of state.events) if ((logged.type === 'order.created') === order) return logged.timeMs;
  return undefined;
}

const iso = (ms: number) => new Date(ms).toISOString();
const hours = (bound: OrderBound) => `${Math.round(bound.maxBeforeOrderMs / HOUR_MS)} h`;
