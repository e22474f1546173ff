import type { BreachStatus, LastSeenKind, Level, RouteClass } from '@slawatch/contract';
import type { EventType } from './event.js';
import type { Deadline } from './judgement.js';

/** One event the shipment has seen: enough to recognise a duplicate and to measure times and gaps. */
export interface LoggedEvent {
  hash: number;
  type: EventType;
  timeMs: number;
}

/** A field value kept from the earliest event of a type (`dispatch.picked_up.pieces`), for later comparison or limits. */
export interface RememberedValue {
  value: number;
  timeMs: number;
}

/** An event that met the field tests of a condition clause when it arrived (`clause` is `standardId#index`). */
export interface ClauseMark {
  hash: number;
  clause: string;
}

/**
 * A breach as last reported for this shipment; the breach id is derived from
 * these fields and the waybill. Kept so the next judgement reports only the difference.
 */
export interface ReportedBreach {
  standard: string;
  level: Level;
  /** 0 for a breach that can happen once per shipment; the start of the gap (epoch ms) for silence. */
  occurrence: number;
  status: BreachStatus;
  /** When the missed threshold fell due, so a retraction can say it too; absent for a standard without one. */
  dueMs?: number;
}

export interface OrderFacts {
  segment: string;
  product: string;
  route: RouteClass;
  /** The likely-cause facts a breach carries (see BreachCause); absent in states written before them. */
  customerId?: string;
  originCity?: string;
  destinationCity?: string;
}

/**
 * The latest logged event (by time, then hash) that names a place or a
 * courier: where a parcel that went dark was last seen. `hash` points into
 * `events`, which holds its time.
 */
export interface LastSeen {
  hash: number;
  kind: LastSeenKind;
  id: string;
  courierId?: string;
}

/**
 * Everything remembered about one shipment. It holds facts (what happened and
 * when), not progress, so every judgement is recomputed from the facts: this is
 * what makes the outcome independent of the order in which events arrive.
 */
export interface ShipmentState {
  /** Sorted by time, then hash, so the order of arrival leaves no trace. */
  events: LoggedEvent[];
  /** From the earliest order.created; nothing is judged before it arrives. */
  order?: OrderFacts;
  /**
   * By the index of their slot (`<event type>.<field>`) in the compiled
   * file's slots, undefined (or past the end) where none is remembered.
   * Copied on write, never changed in place: states share it.
   */
  values: ReadonlyArray<RememberedValue | undefined>;
  marks: ClauseMark[];
  breaches: ReportedBreach[];
  /**
   * Decided standards by their index in the compiled file (as the encoding
   * keeps them): true met, false breached, undefined (or past the end) not
   * decided. Copied on write, never changed in place: states share it.
   */
  outcomes: ReadonlyArray<boolean | undefined>;
  /**
   * Deadlines currently set, in the file's order: their ids let the store clear
   * them, their due times let it keep one entry per waybill instead (see `fireDue`).
   */
  pending: Deadline[];
  lastSeen?: LastSeen;
  /** Ended (per the file's finishedBy), with nothing still running; the store may expire it. */
  finished: boolean;
}

/**
 * No standard decided: shared by every state without a decision (outcomes are
 * copied on write). A state with one holds a list at the file's length, so
 * equal facts give equal states.
 */
export const NO_OUTCOMES: ReadonlyArray<boolean | undefined> = Object.freeze([]);

/** No value remembered: shared like NO_OUTCOMES, and likewise a list at the slots' length once one is. */
export const NO_VALUES: ReadonlyArray<RememberedValue | undefined> = Object.freeze([]);

/**
 * A state's list by index (outcomes, values) at the file's length, copied:
 * what a write into it starts from (a shared list is never written to), or,
 * from an empty one, the list a decoded state fills in.
 */
export function copiedAtLength<T>(list: ReadonlyArray<T | undefined>, length: number): Array<T | undefined> {
  const copy = new Array<T | undefined>(length);
  // No read past the list's end: reading there made the core 2–5 % slower (bench/core-compare.ts).
  const copied = Math.min(list.length, length);
  for (let i = 0; i < copied; i++) copy[i] = list[i];
  for (let i = copied; i < length; i++) copy[i] = undefined;
  return copy;
}

export function emptyState(): ShipmentState {
  return {
    events: [],
    values: NO_VALUES,
    marks: [],
    breaches: [],
    outcomes: NO_OUTCOMES,
    pending: [],
    finished: false,
  };
}

/** The due time of the shipment's earliest pending deadline; undefined when none is set. */
export function earliestDueMs(state: ShipmentState): number | undefined {
  if (state.pending.length === 0) return undefined;
  let earliest = Number.POSITIVE_INFINITY;
  for (const deadline of state.pending) if (deadline.dueMs < earliest) earliest = deadline.dueMs;
  return earliest;
}

/** (time, hash) order: a total order that does not depend on arrival. */
export function isEarlier(timeMs: number, hash: number, thanTimeMs: number, thanHash: number): boolean {
  return timeMs < thanTimeMs || (timeMs === thanTimeMs && hash < thanHash);
}
