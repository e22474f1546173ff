import type { ContractEvent } from '@slawatch/contract';
import {
  type BreachChange,
  type CompiledStandards,
  decodeState,
  emptyState,
  encodeState,
  evaluate,
  fireDue,
  type Outcome,
  type ShipmentState,
} from '@slawatch/evaluation';
import { decodeStored, type StoredShipment } from '@slawatch/shipment-store';

/** An accepted event with when it happened and when Kafka received it. */
export interface ArrivedEvent {
  event: ContractEvent;
  timeMs: number;
  arrivedMs: number;
}

export interface EvaluatedShipment {
  /** The value to store; undefined deletes the shipment (its retention is over). */
  next: StoredShipment | undefined;
  /** True when nothing needs writing (every event was a duplicate). */
  unchanged: boolean;
  changes: BreachChange[];
  outcomes: Outcome[];
  /** Event types applied, and those dropped as duplicates (by event id). */
  acceptedTypes: string[];
  duplicateTypes: string[];
  /** Kafka receive time of the earliest event behind a change, for the event-to-breach latency. */
  earliestArrivalMs: number | undefined;
}

/**
 * Glue between the pure evaluation core and the stored bytes: decodes a
 * shipment, applies events or due deadlines, and encodes the result with its
 * next due time. Pure: no I/O, the clock is a parameter.
 *
 * A finished shipment's next due time is the end of its retention (its
 * latest event time plus the retention), when the scheduler deletes it. So
 * is that of a waybill whose order never arrived (mis-keyed scans, test
 * parcels): nothing is judged without the order, and it must not stay forever.
 */
export class ShipmentEvaluation {
  constructor(
    private readonly compiled: CompiledStandards,
    private readonly retentionMs: number,
  ) {}

  applyEvents(value: Buffer | undefined, events: ArrivedEvent[], nowMs: number): EvaluatedShipment {
    let state = value ? this.decodeState(value) : emptyState();
    const changes: BreachChange[] = [];
    const outcomes: Outcome[] = [];
    const acceptedTypes: string[] = [];
    const duplicateTypes: string[] = [];
    let earliestArrivalMs: number | undefined;
    for (const arrived of events) {
      const { event } = arrived;
      const evaluation = evaluate(
        this.compiled,
        state,
        {
          id: event.id,
          type: event.type,
          waybill: event.subject,
          timeMs: arrived.timeMs,
          data: event.data as Record<string, unknown>,
        },
        nowMs,
      );
      if (evaluation.duplicate) {
        duplicateTypes.push(event.type);
        continue;
      }
      acceptedTypes.push(event.type);
      state = evaluation.state;
      if (evaluation.changes.length > 0) {
        changes.push(...evaluation.changes);
        earliestArrivalMs = Math.min(earliestArrivalMs ?? arrived.arrivedMs, arrived.arrivedMs);
      }
      outcomes.push(...evaluation.outcomes);
    }
    return {
      next: this.stored(state),
      unchanged: acceptedTypes.length === 0 && value !== undefined,
      changes,
      outcomes,
      acceptedTypes,
      duplicateTypes,
      earliestArrivalMs,
    };
  }

  /** Fires every deadline of this shipment due at `nowMs`; deletes it once finished and past retention. */
  fireDue(waybill: string, value: Buffer, nowMs: number): EvaluatedShipment {
    const state = this.decodeState(value);
    const retentionOver = this.expires(state) && this.retentionEnd(state) <= nowMs;
    const evaluation = retentionOver ? undefined : fireDue(this.compiled, state, waybill, nowMs);
    return {
      next: evaluation ? this.stored(evaluation.state) : undefined,
      unchanged: false,
      changes: evaluation?.changes ?? [],
      outcomes: evaluation?.outcomes ?? [],
      acceptedTypes: [],
      duplicateTypes: [],
      earliestArrivalMs: undefined,
    };
  }

  decodeState(value: Buffer): ShipmentState {
    return decodeState(this.compiled, decodeStored(value).state);
  }

  private stored(state: ShipmentState): StoredShipment {
    let nextDueMs = 0;
    for (const deadline of state.pending) {
      if (nextDueMs === 0 || deadline.dueMs < nextDueMs) nextDueMs = deadline.dueMs;
    }
    if (nextDueMs === 0 && this.expires(state)) nextDueMs = this.retentionEnd(state);
    return { nextDueMs, state: encodeState(this.compiled, state) };
  }

  private expires(state: ShipmentState): boolean {
    return state.finished || (state.order === undefined && state.pending.length === 0);
  }

  private retentionEnd(state: ShipmentState): number {
    let latest = 0;
    for (const event of state.events) latest = Math.max(latest, event.timeMs);
    return latest + this.retentionMs;
  }
}
