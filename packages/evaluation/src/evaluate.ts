/*
 * Order independence. The state holds facts ordered by event time, "earliest"
 * always means earliest by event time (ties: smaller id hash, or smaller value),
 * and every standard a new fact can affect is re-judged from all facts. So once
 * all events are in and every deadline due by a wall-clock time T has fired, the
 * breaches that stand (id, status, level, severity, due time) and the last outcome
 * per standard do not depend on arrival order or delays (property-tested).
 * What does depend on it: the history (a deadline fired before its evidence
 * arrived gives open → retracted where in-order gives nothing; a late event
 * splitting a silence gap likewise), detectedAt, evidence and intermediate
 * outcomes; a colliding 32-bit id hash; a standards file changed mid-flight.
 */
import type { BreachCause, BreachChange } from '@slawatch/contract';
import { breachChange } from './breach.js';
import { causeOf } from './cause.js';
import type { CompiledStandard, CompiledStandards } from './compile.js';
import { EVENT_TYPES, type EventType, type ShipmentEvent } from './event.js';
import { type Facts, hasEnded } from './facts.js';
import { hashEventId } from './hash.js';
import { judge } from './judge.js';
import { appended, type Deadline, type DeadlineId, NONE } from './judgement.js';
import { recordEvent } from './record.js';
import {
  copiedAtLength,
  earliestDueMs,
  emptyState,
  NO_OUTCOMES,
  type OrderFacts,
  type ReportedBreach,
  type ShipmentState,
} from './state.js';

/**
 * `nowMs` is when the judgement is made (a breach's detectedAt); `horizonMs`
 * is how far time is judged: a deadline with no stop event is breached once
 * the horizon passes it. They differ when the monitor has not yet read all
 * the evidence up to now.
 */
interface JudgementClock {
  nowMs: number;
  horizonMs: number;
  /** See Facts.openThroughMs; -Infinity unless given. */
  openThroughMs?: number;
}

/** A standard decided for a shipment: the service-level indicator. */
export interface Outcome {
  standard: string;
  segment: string;
  product: string;
  route: string;
  met: boolean;
  /**
   * Set when facts that arrived later leave the standard undecided again (e.g. a
   * late cancellation before the due time): the earlier outcome, repeated in `met`, no longer counts.
   */
  withdrawn?: true;
}

/** Everything one call decided; the caller stores `state`, applies the deadline changes and publishes the rest. */
export interface Evaluation {
  state: ShipmentState;
  /** Shared empty lists where nothing changed (most judgements): never to be written to. */
  changes: ReadonlyArray<BreachChange>;
  /** Set or move these (idempotent upserts keyed by waybill and id). */
  setDeadlines: ReadonlyArray<Deadline>;
  clearDeadlines: ReadonlyArray<DeadlineId>;
  outcomes: ReadonlyArray<Outcome>;
  duplicate: boolean;
  /** The earliest due time among all the shipment's deadlines, for a store that keeps one entry per waybill. */
  nextDueMs: number | undefined;
}

/** A deadline the store found due; the waybill comes from its key, since the state does not repeat it. */
export interface DueDeadline extends Deadline {
  waybill: string;
}

function nothingChanged(state: ShipmentState, duplicate: boolean): Evaluation {
  return {
    state,
    changes: NONE,
    setDeadlines: NONE,
    clearDeadlines: NONE,
    outcomes: NONE,
    duplicate,
    nextDueMs: earliestDueMs(state),
  };
}

function hasEvent(state: ShipmentState, hash: number): boolean {
  for (const event of state.events) if (event.hash === hash) return true;
  return false;
}

function sameBreach(
  a: { level: string; occurrence: number },
  b: { level: string; occurrence: number },
): boolean {
  return a.level === b.level && a.occurrence === b.occurrence;
}

function isDeadlineOf(deadline: Deadline, standard: CompiledStandard): boolean {
  return deadline.id.startsWith(standard.deadlinePrefix);
}

/**
 * Ended (a finishedBy event), no deadline set, and no after-sales case still
 * open: a transaction standard still waiting has a deadline set, while an open
 * complaint or claim past its last level has none but must keep the shipment.
 */
function isFinished(judged: Facts, state: ShipmentState): boolean {
  if (state.pending.length > 0) return false;
  if (!hasEnded(judged.compiled, state)) return false;
  // The facts of the new state, made only here: most shipments are not ended.
  const facts: Facts = {
    compiled: judged.compiled,
    state,
    order: judged.order,
    horizonMs: judged.horizonMs,
    openThroughMs: judged.openThroughMs,
  };
  for (const s of facts.compiled.standards)
    if (s.standard.phase === 'post_transaction' && judge(facts, s).active) return false;
  return true;
}

/**
 * Re-judges the touched standards from the facts and reports the difference
 * from what was reported before: this diff is the only place changes come from.
 */
function reassess(
  compiled: CompiledStandards,
  state: ShipmentState,
  waybill: string,
  touched: ReadonlyArray<CompiledStandard>,
  clock: JudgementClock,
  evidence: string[],
): Evaluation {
  const { nowMs, horizonMs } = clock;
  const order = state.order;
  if (!order) return nothingChanged(state, false);
  const openThroughMs = clock.openThroughMs ?? Number.NEGATIVE_INFINITY;
  const facts: Facts = { compiled, state, order, horizonMs, openThroughMs };
  // Worked out on the first change only: most judgements change nothing.
  let cause: BreachCause | undefined;
  let causeKnown = false;
  // Made on their first item (see appended): most judgements add none.
  let changes: BreachChange[] | undefined;
  let outcomes: Outcome[] | undefined;
  let setDeadlines: Deadline[] | undefined;
  let clearDeadlines: DeadlineId[] | undefined;
  let breaches = state.breaches;
  // Copied on the first write only, at the file's length: indexed writes into a full array.
  let decided: Array<boolean | undefined> | undefined;
  // Standards whose deadlines were judged again (what they now are is setDeadlines); `pendingMoved` when any differs.
  let rejudged: CompiledStandard[] | undefined;
  let pendingMoved = false;

  for (const standard of touched) {
    const judgement = judge(facts, standard);
    let reported = false;
    for (const b of breaches) if (b.standard === standard.id) reported = true;
    if (judgement.breaches.length > 0 || reported) {
      const previous: ReportedBreach[] = [];
      for (const b of breaches) if (b.standard === standard.id) previous.push(b);
      const next: ReportedBreach[] = [];
      for (const desired of judgement.breaches) {
        let before: ReportedBreach | undefined;
        for (const b of previous) if (sameBreach(b, desired)) before ??= b;
        next.push({
          standard: standard.id,
          level: desired.level,
          occurrence: desired.occurrence,
          status: desired.status,
          ...(desired.dueMs === undefined ? {} : { dueMs: desired.dueMs }),
        });
        if (before?.status !== desired.status) {
          if (!causeKnown) [cause, causeKnown] = [causeOf(state), true];
          changes = appended(
            changes,
            breachChange(compiled, standard, order, { waybill, ...desired, nowMs, evidence, cause }),
          );
        }
      }
      for (const before of previous) {
        let kept = false;
        for (const b of next) if (sameBreach(b, before)) kept = true;
        if (kept) continue;
        // Kept as retracted so a replay that re-opens it reports the change again.
        next.push({ ...before, status: 'retracted' });
        if (before.status !== 'retracted') {
          if (!causeKnown) [cause, causeKnown] = [causeOf(state), true];
          changes = appended(
            changes,
            breachChange(compiled, standard, order, {
              waybill,
              ...before,
              status: 'retracted',
              nowMs,
              evidence,
              cause,
            }),
          );
        }
      }
      const others: ReportedBreach[] = [];
      for (const b of breaches) if (b.standard !== standard.id) others.push(b);
      breaches = others.concat(next);
    }

    // Each standard is touched once: what the state had is what was decided before.
    const previousOutcome = state.outcomes[standard.index];
    if (judgement.outcome !== previousOutcome) {
      decided ??= copiedAtLength(state.outcomes, compiled.standards.length);
      decided[standard.index] = judgement.outcome;
      if (judgement.outcome === undefined) {
        outcomes = appended(outcomes, { ...outcomeOf(standard, order, previousOutcome!), withdrawn: true });
      } else {
        outcomes = appended(outcomes, outcomeOf(standard, order, judgement.outcome));
      }
    }

    // The standard's deadlines before and after, compared; the list is rebuilt once, at the end, and only if one moved.
    let mineBefore = 0;
    for (const d of state.pending) {
      if (!isDeadlineOf(d, standard)) continue;
      mineBefore++;
      let still: Deadline | undefined;
      for (const w of judgement.deadlines) if (w.id === d.id) still = w;
      if (!still) clearDeadlines = appended(clearDeadlines, d.id);
      if (still?.dueMs !== d.dueMs) pendingMoved = true;
    }
    if (judgement.deadlines.length !== mineBefore) pendingMoved = true;
    if (judgement.deadlines.length === 0 && mineBefore === 0) continue;
    for (const d of judgement.deadlines) setDeadlines = appended(setDeadlines, d);
    rejudged = appended(rejudged, standard);
  }

  let pending = state.pending;
  if (pendingMoved && rejudged) {
    pending = [];
    for (const d of state.pending) {
      let judgedAgain = false;
      for (const s of rejudged) if (isDeadlineOf(d, s)) judgedAgain = true;
      if (!judgedAgain) pending.push(d);
    }
    for (const d of setDeadlines ?? NONE) pending.push(d);
    // Kept in the file's order, so the same facts give the same state in any arrival order.
    sortInDeadlineOrder(compiled, pending);
  }
  const nextState = judgedState(state, { breaches, outcomes: outcomesOf(state, decided), pending });
  nextState.finished = isFinished(facts, nextState);
  return {
    state: nextState,
    changes: changes ?? NONE,
    setDeadlines: setDeadlines ?? NONE,
    clearDeadlines: clearDeadlines ?? NONE,
    outcomes: outcomes ?? NONE,
    duplicate: false,
    nextDueMs: earliestDueMs(nextState),
  };
}

/** The outcomes a judgement leaves: none decided any more (all withdrawn) is the shared empty list. */
function outcomesOf(
  state: ShipmentState,
  decided: Array<boolean | undefined> | undefined,
): ReadonlyArray<boolean | undefined> {
  if (!decided) return state.outcomes;
  for (const outcome of decided) if (outcome !== undefined) return decided;
  return NO_OUTCOMES;
}

/** Written out, not spread: one object shape on the hot path (a spread of a varying shape is slow). */
function outcomeOf(standard: CompiledStandard, order: OrderFacts, met: boolean): Outcome {
  return { standard: standard.id, segment: order.segment, product: order.product, route: order.route, met };
}

/** The state with what a judgement decided; written out field by field for the same reason. */
function judgedState(
  state: ShipmentState,
  judged: Pick<ShipmentState, 'breaches' | 'outcomes' | 'pending'>,
): ShipmentState {
  const next: ShipmentState = {
    events: state.events,
    values: state.values,
    marks: state.marks,
    breaches: judged.breaches,
    outcomes: judged.outcomes,
    pending: judged.pending,
    finished: false,
  };
  if (state.order) next.order = state.order;
  if (state.lastSeen) next.lastSeen = state.lastSeen;
  return next;
}

/** Each deadline id's place in the standards file (see compile.ts), once per file. */
const deadlineOrders = new WeakMap<CompiledStandards, Map<string, number>>();

/**
 * Sorts a shipment's few deadlines in place into the file's order, by
 * insertion: Array.prototype.sort with a comparator copied the list on every
 * judgement that moved a deadline. An id the file no longer has sorts first.
 */
function sortInDeadlineOrder(compiled: CompiledStandards, deadlines: Deadline[]): void {
  if (deadlines.length < 2) return;
  let index = deadlineOrders.get(compiled);
  if (!index) {
    index = new Map(compiled.deadlineIds.map((id, i) => [id, i]));
    deadlineOrders.set(compiled, index);
  }
  for (let i = 1; i < deadlines.length; i++) {
    const moving = deadlines[i]!;
    const place = index.get(moving.id) ?? -1;
    let at = i;
    while (at > 0 && (index.get(deadlines[at - 1]!.id) ?? -1) > place) {
      deadlines[at] = deadlines[at - 1]!;
      at--;
    }
    deadlines[at] = moving;
  }
}

/**
 * Judges one event against the standards. Events are judged by their own time:
 * one that arrives late can still show a deadline was met and retract its breach.
 * Until the shipment's order.created has arrived nothing is judged (segment,
 * product and route decide everything); the facts are kept and judged then.
 */
export function evaluate(
  compiled: CompiledStandards,
  state: ShipmentState | undefined,
  event: ShipmentEvent,
  nowMs: number,
  horizonMs = nowMs,
): Evaluation {
  const current = state ?? emptyState();
  const recorded = recordNew(compiled, current, event);
  if (!recorded) return nothingChanged(current, true);
  return judgeRecorded(compiled, recorded, {
    waybill: event.waybill,
    types: [event.type],
    evidence: [event.id],
    nowMs,
    horizonMs,
  });
}

/**
 * The first half of `evaluate`: the state with this event's facts, or
 * undefined when an event with its id was recorded before (a redelivery).
 */
export function recordNew(
  compiled: CompiledStandards,
  state: ShipmentState,
  event: ShipmentEvent,
): ShipmentState | undefined {
  const hash = hashEventId(event.id);
  if (hasEvent(state, hash)) return undefined;
  return recordEvent(compiled, state, event, hash);
}

export interface RecordedEvents {
  waybill: string;
  /** The types of the events recorded since the state was last judged (repeats allowed). */
  types: ReadonlyArray<EventType>;
  /** Their ids, for the breach changes they cause. */
  evidence: string[];
  nowMs: number;
  horizonMs: number;
  /** See Facts.openThroughMs (a held shipment's judgement on no horizon). */
  openThroughMs?: number;
}

/**
 * The second half of `evaluate`, for several events of one waybill read
 * together (a batch): each is recorded with `recordNew`, then every standard
 * any of them touches is judged once. The state, the standing breaches and
 * the outcomes are those of judging after each event (order independence);
 * what is not reported is a change that one event of the batch caused and a
 * later one undid (opened then retracted): it never stood once the batch was read.
 */
export function judgeRecorded(
  compiled: CompiledStandards,
  state: ShipmentState,
  recorded: RecordedEvents,
): Evaluation {
  const { waybill, types, evidence, nowMs, horizonMs, openThroughMs } = recorded;
  const clock = { nowMs, horizonMs, openThroughMs };
  return reassess(compiled, state, waybill, touchedByAny(compiled, types), clock, evidence);
}

/** Each event type's bit in a set of types (fifteen types: a small integer). */
const TYPE_BITS = new Map<EventType, number>(EVENT_TYPES.map((type, index) => [type, 2 ** index]));

/** The standards touched by each set of types seen, by file: a backlog's batches repeat a few sets. */
const touchedBySet = new WeakMap<CompiledStandards, Map<number, ReadonlyArray<CompiledStandard>>>();

/** The standards events of these types (repeats allowed) touch, in the file's order; never to be written to. */
function touchedByAny(
  compiled: CompiledStandards,
  types: ReadonlyArray<EventType>,
): ReadonlyArray<CompiledStandard> {
  if (types.length === 1) return compiled.byEventType.get(types[0]!) ?? NONE;
  let set = 0;
  for (const type of types) set |= TYPE_BITS.get(type) ?? 0;
  let bySet = touchedBySet.get(compiled);
  if (!bySet) {
    bySet = new Map();
    touchedBySet.set(compiled, bySet);
  }
  let touched = bySet.get(set);
  if (!touched) {
    // order.created touches every standard (byEventType): the whole file.
    touched = types.includes('order.created')
      ? compiled.standards
      : compiled.standards.filter((standard) => {
          for (const type of types) if (standard.touchedBy.has(type)) return true;
          return false;
        });
    bySet.set(set, touched);
  }
  return touched;
}

/** Re-judges the standard behind a due deadline; if the facts no longer support a breach, nothing changes. */
export function fire(
  compiled: CompiledStandards,
  state: ShipmentState,
  deadline: DueDeadline,
  nowMs: number,
  horizonMs = nowMs,
): Evaluation {
  const standardId = deadline.id.slice(0, deadline.id.lastIndexOf(':'));
  const standard = compiled.byId.get(standardId);
  if (!standard) {
    // Set under an earlier standards file that no longer has this standard.
    const pending = state.pending.filter((d) => d.id !== deadline.id);
    return { ...nothingChanged({ ...state, pending }, false), clearDeadlines: [deadline.id] };
  }
  return reassess(compiled, state, deadline.waybill, [standard], { nowMs, horizonMs }, []);
}

/**
 * Re-judges every standard with a deadline due by `horizonMs` (the wall clock
 * unless given): for a store that keeps only `nextDueMs` per waybill rather
 * than one entry per deadline.
 */
export function fireDue(
  compiled: CompiledStandards,
  state: ShipmentState,
  waybill: string,
  nowMs: number,
  horizonMs = nowMs,
): Evaluation {
  const dueIds = new Set(
    state.pending.filter((d) => d.dueMs <= horizonMs).map((d) => d.id.slice(0, d.id.lastIndexOf(':'))),
  );
  const touched = compiled.standards.filter((s) => dueIds.has(s.id));
  const known = new Set(compiled.deadlineIds);
  const retired = state.pending.filter((d) => !known.has(d.id));
  const current =
    retired.length === 0 ? state : { ...state, pending: state.pending.filter((d) => known.has(d.id)) };
  const result = reassess(compiled, current, waybill, touched, { nowMs, horizonMs }, []);
  return { ...result, clearDeadlines: [...result.clearDeadlines, ...retired.map((d) => d.id)] };
}
