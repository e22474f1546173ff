import type { Level, StandardsFile } from '@slawatch/standards';
import { type JudgedBreach, judgeShipment } from './expectation.js';
import type { Fault } from './faults.js';
import type { SimulatedRecord } from './records.js';
import type { SimulatedEvent } from './simulated-event.js';

/**
 * A breach a shipment must cause. `open`: open once the shipment has settled;
 * `resolved`: opened and closed again (a silent gap that later events ended);
 * `retracted`: may open while records are in flight (a late-arriving event),
 * but must end retracted, never open.
 */
export interface ExpectedBreach {
  waybill: string;
  standard: string;
  level: Level;
  status: 'open' | 'resolved' | 'retracted';
  /** Silence breaches: the event time (epoch ms) the gap began; other kinds 0. */
  occurrence: number;
  /** As the monitor names breaches: `${waybill}:${standard}:${level}:${occurrence or 1}`. */
  breachId: string;
  segment: string;
  product: string;
  route: string;
  dueAtMs?: number;
  /** After this time (the last record published and the last due time passed) the status holds. */
  settlesAtMs: number;
  /** The faults injected into the shipment. */
  faults: Fault[];
}

export interface ShipmentTruth {
  expected: ExpectedBreach[];
  settlesAtMs: number;
}

const keyOf = (breach: JudgedBreach) => `${breach.standard}:${breach.level}:${breach.occurrence}`;

/**
 * The truth for one shipment: the written standards applied to the events as
 * they happened (exact, since event times are fixed in the records), plus the
 * breaches the monitor sees open in flight when records arrive late and must
 * later retract.
 */
export function shipmentTruth(
  file: StandardsFile,
  shipment: { waybill: string; segment: string; product: string; route: string; faults: Fault[] },
  events: ReadonlyArray<SimulatedEvent>,
  records: ReadonlyArray<SimulatedRecord>,
): ShipmentTruth {
  const valid = records.filter((record) => record.valid);
  const lastPublish = Math.max(...valid.map((record) => record.publishAtMs));
  const final = judgeShipment(file, events, Number.POSITIVE_INFINITY);
  const settlesAtMs = Math.max(lastPublish, final.latestDueMs);
  const finalKeys = new Set(final.breaches.map(keyOf));

  const transient = new Map<string, JudgedBreach>();
  const publishedAt = new Map(valid.map((record) => [record.eventId, record.publishAtMs]));
  const delayed = events.some((event) => (publishedAt.get(event.id) ?? event.timeMs) > event.timeMs);
  if (delayed) {
    // The monitor's view only changes when a record arrives or a due time passes; just before each arrival it is fullest.
    for (const moment of [...new Set(valid.map((record) => record.publishAtMs))].sort((a, b) => a - b)) {
      const known = events.filter((event) => (publishedAt.get(event.id) ?? event.timeMs) < moment);
      for (const breach of judgeShipment(file, known, moment - 1).breaches) {
        if (breach.status === 'open' && !finalKeys.has(keyOf(breach))) transient.set(keyOf(breach), breach);
      }
    }
  }

  const expected = [
    ...final.breaches.map((breach) => ({ breach, status: breach.status })),
    ...[...transient.values()].map((breach) => ({ breach, status: 'retracted' as const })),
  ].map(
    ({ breach, status }): ExpectedBreach => ({
      waybill: shipment.waybill,
      standard: breach.standard,
      level: breach.level,
      status,
      occurrence: breach.occurrence,
      breachId: `${shipment.waybill}:${breach.standard}:${breach.level}:${breach.occurrence === 0 ? 1 : breach.occurrence}`,
      segment: shipment.segment,
      product: shipment.product,
      route: shipment.route,
      ...(breach.dueMs === undefined ? {} : { dueAtMs: breach.dueMs }),
      settlesAtMs,
      faults: shipment.faults,
    }),
  );
  return { expected, settlesAtMs };
}
