import type { ContractEvent } from '@slawatch/contract';
import {
  type BreachChange,
  type CompiledStandards,
  decodeState,
  type Evaluation,
  emptyState,
  encodeState,
  evaluate,
  fire,
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

/** Index of the retention deadline in the stored deadline list: not a standard's. */
const RETENTION = 0xff;

interface Stored {
  state: ShipmentState;
  /** deadline index (into compiled.deadlineIds, or RETENTION) → due ms */
  deadlines: Map<number, number>;
}

/**
 * Glue between the pure evaluation core and the stored bytes: decodes a
 * shipment, applies events or due deadlines, and encodes the result with its
 * deadlines and next due time. Pure: no I/O, the clock is a parameter.
 *
 * Stored layout after the store's 6-byte next-due prefix:
 *   deadline count (1 byte), per deadline: index (1 byte) and due ms (6 bytes),
 *   then the core's encoded state.
 */
export class ShipmentEvaluation {
  private readonly deadlineIndex: Map<string, number>;

  constructor(
    private readonly compiled: CompiledStandards,
    private readonly retentionMs: number,
  ) {
    this.deadlineIndex = new Map(compiled.deadlineIds.map((id, i) => [id, i]));
    if (compiled.deadlineIds.length >= RETENTION) throw new Error('too many deadline kinds for the stored layout');
  }

  applyEvents(value: Buffer | undefined, events: ArrivedEvent[], nowMs: number): EvaluatedShipment {
    const stored = value ? this.decode(value) : { state: emptyState(), deadlines: new Map<number, number>() };
    const changes: BreachChange[] = [];
    const outcomes: Outcome[] = [];
    const acceptedTypes: string[] = [];
    const duplicateTypes: string[] = [];
    let earliestArrivalMs: number | undefined;
    let state = stored.state;
    for (const arrived of events) {
      const { event } = arrived;
      const evaluation = evaluate(
        this.compiled,
        state,
        { id: event.id, type: event.type, waybill: event.subject, timeMs: arrived.timeMs, data: event.data as Record<string, unknown> },
        nowMs,
      );
      if (evaluation.duplicate) {
        duplicateTypes.push(event.type);
        continue;
      }
      acceptedTypes.push(event.type);
      state = evaluation.state;
      this.applyDeadlines(stored.deadlines, evaluation);
      if (evaluation.changes.length > 0) {
        changes.push(...evaluation.changes);
        earliestArrivalMs = Math.min(earliestArrivalMs ?? arrived.arrivedMs, arrived.arrivedMs);
      }
      outcomes.push(...evaluation.outcomes);
    }
    const unchanged = acceptedTypes.length === 0 && value !== undefined;
    return {
      next: this.finish(state, stored.deadlines, nowMs),
      unchanged,
      changes,
      outcomes,
      acceptedTypes,
      duplicateTypes,
      earliestArrivalMs,
    };
  }

  /** Fires every deadline of this shipment that is due at `nowMs`, earliest first. */
  fireDue(waybill: string, value: Buffer, nowMs: number): EvaluatedShipment {
    const stored = this.decode(value);
    const changes: BreachChange[] = [];
    const outcomes: Outcome[] = [];
    let state = stored.state;
    const due = [...stored.deadlines].filter(([, dueMs]) => dueMs <= nowMs).sort((a, b) => a[1] - b[1]);
    for (const [index, dueMs] of due) {
      stored.deadlines.delete(index);
      if (index === RETENTION) continue;
      const id = this.compiled.deadlineIds[index];
      if (id === undefined) continue;
      const evaluation = fire(this.compiled, state, { id, dueMs, waybill }, nowMs);
      state = evaluation.state;
      this.applyDeadlines(stored.deadlines, evaluation);
      // A deadline set again at or before now would fire forever; the core
      // never does that, and this guard keeps a future bug from spinning.
      const again = stored.deadlines.get(index);
      if (again !== undefined && again <= dueMs) stored.deadlines.delete(index);
      changes.push(...evaluation.changes);
      outcomes.push(...evaluation.outcomes);
    }
    const retentionOver = due.some(([index]) => index === RETENTION) && state.finished && stored.deadlines.size === 0;
    return {
      next: retentionOver ? undefined : this.finish(state, stored.deadlines, nowMs),
      unchanged: false,
      changes,
      outcomes,
      acceptedTypes: [],
      duplicateTypes: [],
      earliestArrivalMs: undefined,
    };
  }

  decodeState(value: Buffer): ShipmentState {
    return this.decode(value).state;
  }

  private applyDeadlines(deadlines: Map<number, number>, evaluation: Evaluation): void {
    for (const id of evaluation.clearDeadlines) {
      const index = this.deadlineIndex.get(id);
      if (index !== undefined) deadlines.delete(index);
    }
    for (const deadline of evaluation.setDeadlines) {
      const index = this.deadlineIndex.get(deadline.id);
      if (index !== undefined) deadlines.set(index, deadline.dueMs);
    }
  }

  /** A finished shipment keeps one deadline: the end of its retention, when it is deleted. */
  private finish(state: ShipmentState, deadlines: Map<number, number>, nowMs: number): StoredShipment {
    const standardDeadlines = [...deadlines.keys()].some((i) => i !== RETENTION);
    if (state.finished && !standardDeadlines) {
      if (!deadlines.has(RETENTION)) deadlines.set(RETENTION, nowMs + this.retentionMs);
    } else {
      deadlines.delete(RETENTION);
    }
    const encoded = encodeState(this.compiled, state);
    const out = Buffer.allocUnsafe(1 + deadlines.size * 7 + encoded.length);
    out.writeUInt8(deadlines.size, 0);
    let offset = 1;
    let nextDueMs = 0;
    for (const [index, dueMs] of deadlines) {
      out.writeUInt8(index, offset);
      out.writeUIntBE(Math.max(0, Math.trunc(dueMs)), offset + 1, 6);
      offset += 7;
      if (nextDueMs === 0 || dueMs < nextDueMs) nextDueMs = dueMs;
    }
    encoded.copy(out, offset);
    return { nextDueMs, state: out };
  }

  private decode(value: Buffer): Stored {
    const { state: payload } = decodeStored(value);
    const count = payload.readUInt8(0);
    const deadlines = new Map<number, number>();
    let offset = 1;
    for (let i = 0; i < count; i++) {
      deadlines.set(payload.readUInt8(offset), payload.readUIntBE(offset + 1, 6));
      offset += 7;
    }
    return { state: decodeState(this.compiled, payload.subarray(offset)), deadlines };
  }
}
