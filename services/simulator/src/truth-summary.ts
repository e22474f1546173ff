import type { SimulatedShipment } from '@slawatch/network-simulation';

export interface TruthSummaryView {
  shipmentsStarted: number;
  bySegment: Record<string, number>;
  byFault: Record<string, number>;
  /** `standard:level:status` → expected breaches. */
  expected: Record<string, number>;
  shipmentsWithoutBreaches: number;
  /** When every parcel started so far has settled (epoch ms); compare with the monitor after it. */
  settlesAtMs: number | null;
}

function increment(counts: Record<string, number>, key: string): void {
  counts[key] = (counts[key] ?? 0) + 1;
}

/** Running totals of what was started and what the monitor must find, for the /summary endpoint. */
export class TruthSummary {
  private readonly view: TruthSummaryView = {
    shipmentsStarted: 0,
    bySegment: {},
    byFault: {},
    expected: {},
    shipmentsWithoutBreaches: 0,
    settlesAtMs: null,
  };

  add(shipment: SimulatedShipment): void {
    this.view.shipmentsStarted++;
    increment(this.view.bySegment, shipment.plan.customer.segment);
    for (const fault of shipment.faults) increment(this.view.byFault, fault);
    for (const entry of shipment.truth)
      increment(this.view.expected, `${entry.standard}:${entry.level}:${entry.status}`);
    if (shipment.truth.length === 0) this.view.shipmentsWithoutBreaches++;
    this.view.settlesAtMs = Math.max(this.view.settlesAtMs ?? 0, shipment.settlesAtMs);
  }

  snapshot(): TruthSummaryView {
    return structuredClone(this.view);
  }
}
