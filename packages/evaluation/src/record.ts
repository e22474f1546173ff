import { classifyRoute, type FieldTest, type Place } from '@slawatch/standards';
import type { CompiledStandards } from './compile.js';
import type { ShipmentEvent } from './event.js';
import { fieldTestHolds, numericValue } from './field-test.js';
import {
  copiedAtLength,
  isEarlier,
  type LastSeen,
  type LoggedEvent,
  type RememberedValue,
  type ShipmentState,
} from './state.js';

// Shared, never written: most event types remember no value and mark no clause.
const NO_SLOTS: ReadonlyArray<{ slot: string; field: string; index: number }> = Object.freeze([]);
const NO_CLAUSES: ReadonlyArray<{ key: string; when: FieldTest[] }> = Object.freeze([]);

function insertSorted(events: LoggedEvent[], entry: LoggedEvent): LoggedEvent[] {
  let at = events.length;
  while (at > 0 && isEarlier(entry.timeMs, entry.hash, events[at - 1]!.timeMs, events[at - 1]!.hash)) at--;
  // Made at its final length and filled once: a copy grown by a push reallocated its store.
  const out = new Array<LoggedEvent>(events.length + 1);
  for (let i = 0; i < at; i++) out[i] = events[i]!;
  out[at] = entry;
  for (let i = at; i < events.length; i++) out[i + 1] = events[i]!;
  return out;
}

function text(value: unknown): string | undefined {
  return typeof value === 'string' && value.length > 0 ? value : undefined;
}

/** Where this event saw the parcel: a hub, an outlet (with the courier, if named) or a courier alone. */
function sightingOf(event: ShipmentEvent, hash: number): LastSeen | undefined {
  const courierId = text(event.data['courierId']);
  if (event.type === 'dispatch.hub_scan') {
    const facility = text(event.data['facility']);
    return facility === undefined ? undefined : { hash, kind: 'hub', id: facility };
  }
  const outlet = event.type.startsWith('dispatch.') ? text(event.data['outlet']) : undefined;
  if (outlet !== undefined) return { hash, kind: 'outlet', id: outlet, ...(courierId ? { courierId } : {}) };
  return courierId === undefined ? undefined : { hash, kind: 'courier', id: courierId };
}

/** The later of two sightings by the time and hash of their events, so arrival order leaves no trace. */
function laterSighting(
  events: LoggedEvent[],
  current: LastSeen | undefined,
  candidate: LastSeen,
  timeMs: number,
): LastSeen {
  let seen: LoggedEvent | undefined;
  if (current) for (const e of events) if (e.hash === current.hash) seen ??= e;
  if (!current || !seen) return candidate;
  return isEarlier(seen.timeMs, seen.hash, timeMs, candidate.hash) ? candidate : current;
}

/**
 * Adds one new event's facts to the state. Whatever is kept "from the earliest
 * event" is decided by event time, so the result is the same in any arrival order.
 */
export function recordEvent(
  compiled: CompiledStandards,
  state: ShipmentState,
  event: ShipmentEvent,
  hash: number,
): ShipmentState {
  const events = insertSorted(state.events, { hash, type: event.type, timeMs: event.timeMs });

  let values = state.values;
  // Copied on the first write only, at the slots' length: indexed writes into a full list.
  let written: Array<RememberedValue | undefined> | undefined;
  for (const { field, index } of compiled.slotsByType.get(event.type) ?? NO_SLOTS) {
    const value = numericValue(event.data[field]);
    const current = values[index];
    if (value === undefined) continue;
    // On equal times the smaller value wins, so a tie cannot depend on arrival.
    if (
      current === undefined ||
      event.timeMs < current.timeMs ||
      (event.timeMs === current.timeMs && value < current.value)
    ) {
      if (!written) {
        written = copiedAtLength(state.values, compiled.slots.length);
        values = written;
      }
      written[index] = { value, timeMs: event.timeMs };
    }
  }

  let marks = state.marks;
  for (const { key, when } of compiled.markedClausesByType.get(event.type) ?? NO_CLAUSES) {
    let holds = true;
    for (const test of when) if (holds && !fieldTestHolds(test, event.data)) holds = false;
    if (holds) marks = [...marks, { hash, clause: key }];
  }

  let order = state.order;
  let earliestOrder: LoggedEvent | undefined;
  for (const e of state.events) if (e.type === 'order.created') earliestOrder ??= e;
  if (
    event.type === 'order.created' &&
    (!earliestOrder || isEarlier(event.timeMs, hash, earliestOrder.timeMs, earliestOrder.hash))
  ) {
    const origin = event.data['origin'] as Place | undefined;
    const destination = event.data['destination'] as Place | undefined;
    const customerId = text(event.data['customerId']);
    const originCity = text(origin?.city);
    const destinationCity = text(destination?.city);
    order = {
      segment: String(event.data['segment']),
      product: String(event.data['product']),
      route: classifyRoute(origin as Place, destination as Place, compiled.remoteProvinces),
      ...(customerId ? { customerId } : {}),
      ...(originCity ? { originCity } : {}),
      ...(destinationCity ? { destinationCity } : {}),
    };
  }
  const sighting = sightingOf(event, hash);
  const lastSeen = sighting ? laterSighting(events, state.lastSeen, sighting, event.timeMs) : state.lastSeen;
  // Written out, not spread: one object shape on the hot path.
  const next: ShipmentState = {
    events,
    values,
    marks,
    breaches: state.breaches,
    outcomes: state.outcomes,
    pending: state.pending,
    finished: state.finished,
  };
  if (order) next.order = order;
  if (lastSeen) next.lastSeen = lastSeen;
  return next;
}
