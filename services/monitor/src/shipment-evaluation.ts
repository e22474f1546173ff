import type { ContractEvent } from '@slawatch/contract';
import {
  type AttainmentChange,
  attainmentChanges,
  type BreachChange,
  type CompiledStandards,
  DEFAULT_ORDER_BOUND,
  decodeState,
  type EventType,
  earliestDueMs,
  emptyState,
  encodeState,
  fireDue,
  isRetentionOver,
  judgeRecorded,
  NONE,
  nextDueMs,
  type OrderBound,
  type Outcome,
  outsideOrderBound,
  recordNew,
  type ShipmentState,
} from '@slawatch/evaluation';
import type { ConsumedRecord } from '@slawatch/kafka';
import { NEXT_DUE_BYTES, readNextDue, writeNextDue } from '@slawatch/shipment-store';
import type { JudgementHorizon } from './evidence-watermark.js';

/** An accepted event with when it happened and when Kafka received it. */
export interface ArrivedEvent {
  event: ContractEvent;
  timeMs: number;
  arrivedMs: number;
  /** Where it was read, for its dead letter if the shipment's state refuses it. */
  source?: ConsumedRecord;
}

/** An event refused once its shipment's state was known (dated implausibly far from its order). */
export interface RefusedEvent {
  arrived: ArrivedEvent;
  reason: 'time_before_order';
  message: string;
}

export interface EvaluatedShipment {
  /**
   * What to store, encoded (the next due time in front, then the state);
   * undefined deletes the shipment (its retention is over). Encoded here,
   * not at the commit: the decoded state then dies with its evaluation
   * instead of living through the rest of the batch, which made the
   * young-generation collector copy it (a quarter of the CPU was GC).
   */
  next: Buffer | undefined;
  /** True when nothing needs writing (every event was a duplicate). */
  unchanged: boolean;
  changes: ReadonlyArray<BreachChange>;
  outcomes: ReadonlyArray<Outcome>;
  /** What the stored state's move adds to the attainment counts (committed with it). */
  attainment: ReadonlyArray<AttainmentChange>;
  /** Event types applied, and those dropped as duplicates (by event id). */
  acceptedTypes: ReadonlyArray<string>;
  duplicateTypes: ReadonlyArray<string>;
  /** Kafka receive time of the earliest event behind a change, for the event-to-breach latency. */
  earliestArrivalMs: number | undefined;
  /** Set when the wall clock fired it: how long after its due time. */
  lateByMs?: number;
  /** Events not applied: they go to the dead-letter topic before the commit. */
  refused?: RefusedEvent[];
}

export interface ShipmentEvaluationOptions {
  compiled: CompiledStandards;
  /** How long a finished shipment (or one whose order never came) is kept after its latest event. */
  retentionMs: number;
  /** How far before its order an event may be dated (default DEFAULT_ORDER_BOUND). */
  orderBound?: OrderBound;
}

/**
 * Glue between the pure evaluation core and the stored bytes: decodes a
 * shipment, applies events or due deadlines, and encodes what the core
 * decided to keep. The core decides the next due time and the end of
 * retention (`@slawatch/evaluation`, retention.ts); this only stores them.
 * Pure: no I/O, the clock is a parameter.
 */
export class ShipmentEvaluation {
  private readonly compiled: CompiledStandards;
  private readonly retentionMs: number;
  private readonly orderBound: OrderBound;

  constructor(options: ShipmentEvaluationOptions) {
    this.compiled = options.compiled;
    this.retentionMs = options.retentionMs;
    this.orderBound = options.orderBound ?? DEFAULT_ORDER_BOUND;
  }

  /**
   * Records each event (refusing the implausible, dropping redeliveries),
   * then judges the standards they touch once (see `judgeRecorded`): a
   * backlog's events of one waybill cost one judgement, not one each.
   */
  applyEvents(
    stored: Buffer | undefined,
    events: ArrivedEvent[],
    clock: JudgementHorizon,
  ): EvaluatedShipment {
    const { nowMs, horizonMs } = clock;
    const before = stored ? this.decodeState(stored) : undefined;
    let state = before ?? emptyState();
    // The types of the events applied (repeats kept: the metrics count each), then judged together.
    const acceptedTypes: EventType[] = [];
    // Made on the first duplicate or refusal: most shipments have none.
    let duplicateTypes: string[] | undefined;
    let refused: RefusedEvent[] | undefined;
    const evidence: string[] = [];
    let earliestAcceptedMs: number | undefined;
    let latestAcceptedMs = Number.NEGATIVE_INFINITY;
    for (const arrived of events) {
      const { event } = arrived;
      const implausible = outsideOrderBound(
        state,
        { type: event.type, timeMs: arrived.timeMs },
        this.orderBound,
      );
      if (implausible !== undefined) {
        refused ??= [];
        refused.push({ arrived, reason: 'time_before_order', message: implausible });
        continue;
      }
      const recorded = recordNew(this.compiled, state, {
        id: event.id,
        type: event.type,
        waybill: event.subject,
        timeMs: arrived.timeMs,
        data: event.data as Record<string, unknown>,
      });
      if (!recorded) {
        duplicateTypes ??= [];
        duplicateTypes.push(event.type);
        continue;
      }
      state = recorded;
      acceptedTypes.push(event.type);
      evidence.push(event.id);
      if (earliestAcceptedMs === undefined || arrived.arrivedMs < earliestAcceptedMs)
        earliestAcceptedMs = arrived.arrivedMs;
      if (arrived.arrivedMs > latestAcceptedMs) latestAcceptedMs = arrived.arrivedMs;
    }
    // Shared empty lists where nothing changed: what a shipment's evaluation returns lives until the commit.
    let changes: ReadonlyArray<BreachChange> = NONE;
    let outcomes: ReadonlyArray<Outcome> = NONE;
    // Evidence that arrived past the horizon holds the deadlines it reveals (see heldUntilMs).
    let holdMs: number | undefined;
    if (acceptedTypes.length > 0) {
      const waybill = events[0]!.event.subject;
      const recorded = { waybill, types: acceptedTypes, evidence, nowMs, horizonMs };
      let judged = judgeRecorded(this.compiled, state, recorded);
      // A publisher's clock ahead of ours holds nothing past now.
      const arrivalMs = Math.min(nowMs, latestAcceptedMs);
      const storedHoldMs = before && stored ? heldUntilMs(before, stored) : 0;
      const mayHold = arrivalMs > horizonMs || storedHoldMs > horizonMs;
      // Judged again on no horizon only when the clock opened something (rare): then what evidence
      // shows opens, and what the clock alone would open waits for the hold.
      if (mayHold && opensDueBreach(judged.changes))
        judged = judgeRecorded(this.compiled, state, {
          ...recorded,
          horizonMs: Number.NEGATIVE_INFINITY,
          // What the horizon would keep open stays open.
          openThroughMs: horizonMs,
        });
      state = judged.state;
      if (mayHold) {
        const revealedMs =
          arrivalMs > horizonMs && revealsDueBefore(before, state, arrivalMs) ? arrivalMs : 0;
        const heldMs = Math.max(storedHoldMs, revealedMs);
        if (heldMs > horizonMs) holdMs = heldMs;
      }
      if (judged.changes.length > 0) changes = markJudgedBeforeRead(judged.changes, clock);
      if (judged.outcomes.length > 0) outcomes = judged.outcomes;
    }
    const unchanged = acceptedTypes.length === 0 && stored !== undefined;
    // Written out, the refusals set after: one object shape for every shipment.
    const evaluated: EvaluatedShipment = {
      // Nothing to write when unchanged: the stored value stands.
      next: unchanged ? stored : this.encode(state, holdMs),
      unchanged,
      changes,
      outcomes,
      attainment: attainmentChanges(before, state, this.compiled),
      acceptedTypes,
      duplicateTypes: duplicateTypes ?? NONE,
      earliestArrivalMs: changes.length > 0 ? earliestAcceptedMs : undefined,
    };
    if (refused) evaluated.refused = refused;
    return evaluated;
  }

  /**
   * Fires every deadline of this shipment due by the horizon, or deletes it
   * once its retention is over; undefined when nothing of it is due (any more).
   */
  fireDue(waybill: string, stored: Buffer, clock: JudgementHorizon): EvaluatedShipment | undefined {
    const { nowMs, horizonMs } = clock;
    const dueMs = readNextDue(stored);
    if (dueMs === 0 || dueMs > horizonMs) return undefined;
    const state = this.decodeState(stored);
    const fired = isRetentionOver(state, this.retentionMs, nowMs)
      ? undefined
      : fireDue(this.compiled, state, waybill, nowMs, horizonMs);
    return {
      next: fired ? this.encode(fired.state) : undefined,
      unchanged: false,
      // A held shipment's stored time is its hold: released by the maximum hold, its upload is unread.
      changes: markJudgedBeforeRead(fired?.changes ?? [], clock, dueMs),
      outcomes: fired?.outcomes ?? NONE,
      attainment: attainmentChanges(state, fired?.state, this.compiled),
      acceptedTypes: NONE,
      duplicateTypes: NONE,
      earliestArrivalMs: undefined,
      // After its due time or, when held, after the hold: how late once it could be judged.
      lateByMs: nowMs - dueMs,
    };
  }

  /**
   * The stored value (`encodeStored`'s bytes): when the core wants the
   * shipment looked at again (for the Lua scripts; the end of retention once
   * nothing is due), then the encoded state, written behind room left for
   * that time so the state is not copied a second time. A hold (see
   * heldUntilMs) postpones a deadline due before it to the hold.
   */
  encode(state: ShipmentState, holdMs?: number): Buffer {
    let next = nextDueMs(state, this.retentionMs);
    if (holdMs !== undefined && state.pending.length > 0 && next < holdMs) next = holdMs;
    return writeNextDue(encodeState(this.compiled, state, NEXT_DUE_BYTES), next);
  }

  /** The state of a stored value, read in place behind its next due time. */
  decodeState(stored: Buffer): ShipmentState {
    return decodeState(this.compiled, stored, NEXT_DUE_BYTES);
  }
}

/**
 * Evidence read ahead of the other topics holds the deadlines it reveals.
 * A record that arrived (by Kafka time) after the horizon, say a pickup an
 * outlet's scanner uploaded late, can reveal deadlines already past due,
 * while what was uploaded with it (the delivery) waits on another topic that
 * has not been read as far. Such a shipment's deadlines are judged only once
 * the horizon reaches that arrival: every input topic of the partition read
 * past it, or the maximum hold spent since it arrived. A live event reveals
 * deadlines due later than its arrival, so it holds nothing. The stored next
 * due time carries the hold: it is one when it lies after the earliest
 * pending deadline (`encode` writes it only then).
 */
function heldUntilMs(state: ShipmentState, stored: Buffer): number {
  const earliestMs = earliestDueMs(state);
  const storedMs = readNextDue(stored);
  return earliestMs !== undefined && storedMs > earliestMs ? storedMs : 0;
}

/** Whether the judgement set a deadline, not pending before at that time, due before `arrivalMs`. */
function revealsDueBefore(
  before: ShipmentState | undefined,
  after: ShipmentState,
  arrivalMs: number,
): boolean {
  for (const deadline of after.pending) {
    if (deadline.dueMs >= arrivalMs) continue;
    let known = false;
    for (const earlier of before?.pending ?? NONE)
      if (earlier.id === deadline.id && earlier.dueMs === deadline.dueMs) known = true;
    if (!known) return true;
  }
  return false;
}

/** Whether a change opens a breach that has a due time: the clock may have opened it. */
function opensDueBreach(changes: ReadonlyArray<BreachChange>): boolean {
  for (const change of changes) if (change.status === 'open' && change.dueAt !== null) return true;
  return false;
}

/**
 * A breach opened because a deadline passed while the evidence up to it was
 * not all read (released by the maximum hold) says so: unread evidence may
 * still retract it.
 */
function markJudgedBeforeRead(
  changes: ReadonlyArray<BreachChange>,
  clock: JudgementHorizon,
  holdMs = Number.NEGATIVE_INFINITY,
): ReadonlyArray<BreachChange> {
  const evidenceMs = clock.evidenceMs ?? Number.NEGATIVE_INFINITY;
  for (const change of changes) {
    if (change.status !== 'open' || change.evidence.length > 0 || change.dueAt === null) continue;
    if (Math.max(Date.parse(change.dueAt), holdMs) > evidenceMs) change.judgedBeforeBacklogRead = true;
  }
  return changes;
}
