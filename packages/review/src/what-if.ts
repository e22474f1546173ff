import {
  attainmentChanges,
  breachId,
  type CompiledStandards,
  evaluate,
  fireDue,
  type ShipmentEvent,
  type ShipmentState,
} from '@slawatch/evaluation';
import type { DayCell } from './review.js';

/** A breach that stands under one file and not under the other (waybills are not personal data). */
export interface BreachDifference {
  breachId: string;
  waybill: string;
  standard: string;
  level: string;
}

export interface WhatIfOutcome {
  current: DayCell[];
  proposed: DayCell[];
  /** Standing (not retracted) under the proposed file only. */
  appeared: BreachDifference[];
  /** Standing under the current file only. */
  disappeared: BreachDifference[];
  shipments: number;
}

interface Judged {
  current: ShipmentState | undefined;
  proposed: ShipmentState | undefined;
}

/**
 * Judges replayed events against two standards files side by side, in
 * memory: nothing is published, nothing paged, no store written. The same
 * pure core as the monitor, so the current file's counts equal what the
 * monitor recorded (its outcomes do not depend on arrival order, see
 * evaluate.ts). Memory grows with the shipments replayed.
 */
export class WhatIfReplay {
  private readonly shipments = new Map<string, Judged>();

  constructor(private readonly files: { current: CompiledStandards; proposed: CompiledStandards }) {}

  /** One accepted event; `atMs` is when the monitor read it (its Kafka timestamp), the judgement's clock. */
  add(event: ShipmentEvent, atMs: number): void {
    const judged = this.shipments.get(event.waybill) ?? { current: undefined, proposed: undefined };
    this.shipments.set(event.waybill, judged);
    judged.current = evaluate(this.files.current, judged.current, event, atMs).state;
    judged.proposed = evaluate(this.files.proposed, judged.proposed, event, atMs).state;
  }

  /** Fires every deadline due by `horizonMs` (as the monitor's scheduler would have), then counts. */
  finish(horizonMs: number): WhatIfOutcome {
    const current = new CellTally();
    const proposed = new CellTally();
    const appeared: BreachDifference[] = [];
    const disappeared: BreachDifference[] = [];
    for (const [waybill, judged] of this.shipments) {
      const a = settle(this.files.current, judged.current, waybill, horizonMs);
      const b = settle(this.files.proposed, judged.proposed, waybill, horizonMs);
      current.add(attainmentChanges(undefined, a, this.files.current));
      proposed.add(attainmentChanges(undefined, b, this.files.proposed));
      const standingA = standing(waybill, a);
      const standingB = standing(waybill, b);
      for (const [id, breach] of standingB) if (!standingA.has(id)) appeared.push(breach);
      for (const [id, breach] of standingA) if (!standingB.has(id)) disappeared.push(breach);
    }
    return {
      current: current.cells(),
      proposed: proposed.cells(),
      appeared,
      disappeared,
      shipments: this.shipments.size,
    };
  }
}

function settle(
  compiled: CompiledStandards,
  state: ShipmentState | undefined,
  waybill: string,
  horizonMs: number,
): ShipmentState | undefined {
  let current = state;
  // Firing can set a later deadline (the next silence level): fire until nothing is due.
  for (let round = 0; current && round < 20; round++) {
    if (!current.pending.some((d) => d.dueMs <= horizonMs)) break;
    current = fireDue(compiled, current, waybill, horizonMs).state;
  }
  return current;
}

function standing(waybill: string, state: ShipmentState | undefined): Map<string, BreachDifference> {
  const out = new Map<string, BreachDifference>();
  for (const b of state?.breaches ?? []) {
    if (b.status === 'retracted') continue;
    const id = breachId(waybill, b.standard, b.level, b.occurrence);
    out.set(id, { breachId: id, waybill, standard: b.standard, level: b.level });
  }
  return out;
}

class CellTally {
  private readonly byKey = new Map<string, DayCell>();

  add(changes: ReturnType<typeof attainmentChanges>): void {
    for (const change of changes) {
      const key = [change.day, change.standard, change.segment, change.product, change.route].join('|');
      const cell = this.byKey.get(key) ?? {
        day: change.day,
        standard: change.standard,
        segment: change.segment,
        product: change.product,
        route: change.route,
        counts: {},
      };
      this.byKey.set(key, cell);
      for (const [field, delta] of Object.entries(change.deltas))
        cell.counts[field] = (cell.counts[field] ?? 0) + delta;
    }
  }

  cells(): DayCell[] {
    return [...this.byKey.values()];
  }
}
