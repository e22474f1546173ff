import type { Level, StandardsFile } from '@slawatch/standards';
import { type JudgedBreach, judgeShipment } from './expectation.js';
import type { Fault } from './faults.js';
import type { SimulatedRecord } from './records.js';
import type { SimulatedEvent } from './simulated-event.js';

/**
 * A breach a shipment must cause. `open`: open once the shipment has settled;
 * `resolved`: opened and closed again (a silent gap that later events ended);
 * `retracted`: reported (open, or resolved) while records are in flight (a
 * late-arriving event), but must end retracted.
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

export const keyOf = (breach: JudgedBreach) => `${breach.standard}:${breach.level}:${breach.occurrence}`;

/** When each event is first published (a duplicate comes later and changes nothing). */
export function firstPublication(records: ReadonlyArray<SimulatedRecord>): Map<string, number> {
  const first = new Map<string, number>();
  for (const record of records) {
    if (!record.valid || record.eventId === undefined) continue;
    first.set(
      record.eventId,
      Math.min(first.get(record.eventId) ?? Number.POSITIVE_INFINITY, record.publishAtMs),
    );
  }
  return first;
}

/** True when some event reaches the monitor after it happened. */
export function hasDelayedEvents(
  events: ReadonlyArray<SimulatedEvent>,
  records: ReadonlyArray<SimulatedRecord>,
): boolean {
  const published = firstPublication(records);
  return events.some((event) => (published.get(event.id) ?? event.timeMs) > event.timeMs);
}

/**
 * Every breach the monitor reports on the way, judged `offsetMs` from each
 * record's arrival with the events that arrived before it: the monitor's view
 * only changes when a record arrives or a due time passes, so just before each
 * arrival it is fullest. Only delayed events make this differ from the end.
 */
export function inFlightBreaches(
  file: StandardsFile,
  events: ReadonlyArray<SimulatedEvent>,
  records: ReadonlyArray<SimulatedRecord>,
  offsetMs: number,
): Map<string, JudgedBreach> {
  const seen = new Map<string, JudgedBreach>();
  if (!hasDelayedEvents(events, records)) return seen;
  const published = firstPublication(records);
  for (const moment of [...new Set(published.values())].sort((a, b) => a - b)) {
    const known = events.filter((event) => (published.get(event.id) ?? event.timeMs) < moment);
    for (const breach of judgeShipment(file, known, moment + offsetMs).breaches)
      seen.set(keyOf(breach), breach);
  }
  return seen;
}

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
  for (const [key, breach] of inFlightBreaches(file, events, records, -1)) {
    // Resolved ones count too: a silent gap judged closed before a late event splits it is retracted as well.
    if (!finalKeys.has(key)) transient.set(key, breach);
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
