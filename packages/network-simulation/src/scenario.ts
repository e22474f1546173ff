import type { StandardsFile } from '@slawatch/standards';
import {
  type Fault,
  type FaultProfile,
  parseFaultProfile,
  SHIPMENT_FAULTS,
  type ShipmentFault,
} from './faults.js';
import { type ExpectedBreach, firstPublication, inFlightBreaches, shipmentTruth } from './ground-truth.js';
import { Random } from './random.js';
import { publish, type SimulatedRecord } from './records.js';
import { planShipment, type ShipmentPlan } from './shipment-plan.js';
import type { SimulatedEvent } from './simulated-event.js';
import { clearOf, duesStoppedBy, shortestLimit } from './timing.js';

/** One nominal hour passes in ten seconds: with the demo standards a parcel's life takes about a minute. */
export const DEFAULT_TIME_SCALE = 1 / 360;

export interface SimulationOptions {
  seed: number;
  standards: StandardsFile;
  /** A profile, or its name or JSON (see parseFaultProfile). */
  faults: FaultProfile | string;
  /** Event-time milliseconds per nominal millisecond; default {@link DEFAULT_TIME_SCALE}. */
  timeScale?: number;
  /** Waybills are this prefix and the shipment's index; default derived from the seed. */
  waybillPrefix?: string;
  /** Override of the segment shares, e.g. to test one segment. */
  segmentShares?: Readonly<Record<string, number>>;
}

export interface SimulatedShipment {
  plan: ShipmentPlan;
  /** Shipment and publication faults. */
  faults: Fault[];
  records: SimulatedRecord[];
  truth: ExpectedBreach[];
  settlesAtMs: number;
}

/** The parts of the options that do not change between shipments, resolved once. */
export interface Simulation {
  options: SimulationOptions;
  profile: FaultProfile;
  timeScale: number;
  waybillPrefix: string;
}

export function createSimulation(options: SimulationOptions): Simulation {
  const profile = typeof options.faults === 'string' ? parseFaultProfile(options.faults) : options.faults;
  const timeScale = options.timeScale ?? DEFAULT_TIME_SCALE;
  if (!(timeScale > 0)) throw new Error(`timeScale: expected a number greater than 0, got ${timeScale}`);
  const waybillPrefix = options.waybillPrefix ?? `SW${(options.seed >>> 0).toString(36).toUpperCase()}`;
  return { options, profile, timeScale, waybillPrefix };
}

/** When an in-time delivery reaches the monitor only after its deadline passed: the breach must be retracted. */
function lateArrivalTime(simulation: Simulation, plan: ShipmentPlan): number | undefined {
  const delivered = plan.events.find((event) => event.type === 'delivery.delivered');
  if (!delivered) return undefined;
  const before = plan.events.filter((event) => event !== delivered);
  const order = { segment: plan.customer.segment, product: plan.customer.product, route: plan.route };
  const dues = duesStoppedBy(simulation.options.standards, order, before, 'delivery.delivered');
  if (dues.length === 0 || dues.some((due) => due.dueMs < delivered.timeMs)) return undefined;
  // The promise measured from the order or pickup (not the attempt deadline, measured from out-for-delivery).
  const anchor = Math.min(...dues.map((due) => due.anchorMs));
  const first = dues.find((due) => due.anchorMs === anchor) as (typeof dues)[number];
  return clearOf(dues, first.dueMs + 0.25 * (first.dueMs - first.anchorMs));
}

const sameKeys = (a: ReadonlyMap<string, unknown>, b: ReadonlyMap<string, unknown>) =>
  a.size === b.size && [...a.keys()].every((key) => b.has(key));

/**
 * Moves delayed records later until no due time lies within `jitterMs` of an
 * arrival (so what the monitor sees in flight does not hang on scheduling
 * luck); after a few tries it publishes them on time instead.
 */
function steadyDelays(
  file: StandardsFile,
  events: ReadonlyArray<SimulatedEvent>,
  records: SimulatedRecord[],
  jitterMs: number,
): SimulatedRecord[] {
  const delayedIds = () => {
    const published = firstPublication(records);
    return new Set(events.filter((e) => (published.get(e.id) ?? e.timeMs) > e.timeMs).map((e) => e.id));
  };
  for (let attempt = 0; attempt < 20; attempt++) {
    const delayed = delayedIds();
    if (delayed.size === 0) return records;
    const early = inFlightBreaches(file, events, records, -jitterMs);
    const late = inFlightBreaches(file, events, records, jitterMs);
    if (sameKeys(early, late)) return records;
    for (const record of records)
      if (record.eventId && delayed.has(record.eventId)) record.publishAtMs += jitterMs;
    records.sort((a, b) => a.publishAtMs - b.publishAtMs);
  }
  const delayed = delayedIds();
  const timeOf = new Map(events.map((e) => [e.id, e.timeMs]));
  for (const record of records) {
    if (!record.eventId || !delayed.has(record.eventId)) continue;
    record.publishAtMs = timeOf.get(record.eventId) ?? record.publishAtMs;
    if (record.fault === 'late_arrival' || record.fault === 'out_of_order') delete record.fault;
  }
  return records.sort((a, b) => a.publishAtMs - b.publishAtMs);
}

/** Shipment `index` of the simulation, starting at `startMs`: the same for the same seed and index, whatever came before. */
export function simulateShipment(simulation: Simulation, index: number, startMs: number): SimulatedShipment {
  const random = Random.forItem(simulation.options.seed, index);
  const { profile } = simulation;
  const drawn = new Set<ShipmentFault>(SHIPMENT_FAULTS.filter((fault) => random.chance(profile[fault])));
  const waybill = `${simulation.waybillPrefix}${String(index).padStart(8, '0')}`;
  const plan = planShipment(
    {
      standards: simulation.options.standards,
      timeScale: simulation.timeScale,
      ...(simulation.options.segmentShares ? { segmentShares: simulation.options.segmentShares } : {}),
    },
    random,
    waybill,
    startMs,
    drawn,
  );
  const duplicate = random.chance(profile.duplicate);
  const outOfOrder = random.chance(profile.out_of_order);
  const lateArrival = random.chance(profile.late_arrival) ? lateArrivalTime(simulation, plan) : undefined;
  const malformed = random.chance(profile.malformed);
  const order = { segment: plan.customer.segment, product: plan.customer.product, route: plan.route };
  const records = steadyDelays(
    simulation.options.standards,
    plan.events,
    publish(random, waybill, plan.events, {
      duplicate,
      outOfOrder,
      malformed,
      ...(lateArrival === undefined ? {} : { deliveredPublishAtMs: lateArrival }),
    }),
    Math.max(1, Math.round(0.1 * shortestLimit(simulation.options.standards, order, plan.events))),
  );
  const faults: Fault[] = [...plan.faults];
  for (const record of records) if (record.fault && !faults.includes(record.fault)) faults.push(record.fault);
  const truth = shipmentTruth(
    simulation.options.standards,
    { waybill, segment: plan.customer.segment, product: plan.customer.product, route: plan.route, faults },
    plan.events,
    records,
  );
  return { plan, faults, records, truth: truth.expected, settlesAtMs: truth.settlesAtMs };
}

export interface ScenarioOptions extends SimulationOptions {
  shipments: number;
  /** Event time of the first order, epoch ms. */
  startMs: number;
  /** Between consecutive orders; default 50 ms (20 parcels a second). */
  intervalMs?: number;
}

export interface Scenario {
  /** Every record of every shipment, in publication order. */
  records: SimulatedRecord[];
  truth: ExpectedBreach[];
  shipments: SimulatedShipment[];
  /** When every shipment has settled: compare the monitor's breaches with the truth after this. */
  settlesAtMs: number;
}

/** A whole scenario at once, for a bench that publishes it as fast as possible or on schedule. */
export function generateScenario(options: ScenarioOptions): Scenario {
  const simulation = createSimulation(options);
  const interval = options.intervalMs ?? 50;
  const shipments: SimulatedShipment[] = [];
  for (let index = 0; index < options.shipments; index++) {
    shipments.push(simulateShipment(simulation, index, Math.round(options.startMs + index * interval)));
  }
  const records = shipments
    .flatMap((shipment) => shipment.records)
    .sort((a, b) => a.publishAtMs - b.publishAtMs);
  return {
    records,
    truth: shipments.flatMap((shipment) => shipment.truth),
    shipments,
    settlesAtMs: Math.max(options.startMs, ...shipments.map((shipment) => shipment.settlesAtMs)),
  };
}

export type { SimulatedEvent };
