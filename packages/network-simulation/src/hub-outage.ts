import { recordOf, type SimulatedRecord } from './records.js';
import type { SimulatedEvent } from './simulated-event.js';

/**
 * A hub outage: parcels keep arriving at one hub, which stops scanning them
 * out (power cut, scanners down) until it recovers; then every parcel held
 * there departs and is delivered. Around it, background parcels go dark one
 * at a time at hubs of their own: unrelated breaches at a steady rate.
 */
export interface HubOutageOptions {
  /** The hub that stops scanning, e.g. `HGH01`. */
  hub: string;
  /** Parcels that arrive at the hub during the outage. */
  parcels: number;
  /** Wall-clock start of the outage (epoch ms); parcels arrive evenly over `arrivalsOverMs`. */
  startMs: number;
  arrivalsOverMs: number;
  /** When the hub scans again, after `startMs`. */
  recoveryAfterMs: number;
  /** Background parcels per second, each going dark at a hub of its own for `backgroundDarkMs`. */
  backgroundPerSecond: number;
  backgroundDarkMs: number;
  /** How long background parcels keep going dark, from `startMs`. */
  backgroundForMs: number;
  waybillPrefix: string;
}

export interface HubOutageScenario {
  records: SimulatedRecord[];
  /** Waybills held at the outage hub, and those of the background. */
  outageWaybills: string[];
  backgroundWaybills: string[];
  /** Wall-clock time of the hub's recovery. */
  recoveryMs: number;
}

// A remote lane: its delivery promise is the longest, so a parcel delivered right after the
// recovery is still on time and the outage's breaches are the scan gaps alone.
const ORIGIN = { province: 'Zhejiang', city: 'Hangzhou' };
const DESTINATION = { province: 'Xinjiang', city: 'Urumqi' };

/** A parcel's life up to the hub scan at `arrivalMs`, then departure and delivery at `releaseMs`. */
function parcelEvents(waybill: string, hub: string, arrivalMs: number, releaseMs: number): SimulatedEvent[] {
  const event = (
    suffix: string,
    type: SimulatedEvent['type'],
    timeMs: number,
    data: Record<string, unknown>,
  ) => ({
    id: `${waybill}-${suffix}`,
    type,
    timeMs,
    source: type.startsWith('order') ? 'oms' : `hub/${hub}`,
    data,
  });
  return [
    event('order', 'order.created', arrivalMs - 2000, {
      orderId: `O-${waybill}`,
      customerId: 'C-100482',
      segment: 'ecommerce',
      product: 'next_day',
      origin: ORIGIN,
      destination: DESTINATION,
      pieces: 1,
    }),
    event('pickup', 'dispatch.picked_up', arrivalMs - 1000, { outlet: '330110', pieces: 1 }),
    event('in', 'dispatch.hub_scan', arrivalMs, { facility: hub, direction: 'arrival' }),
    event('out', 'dispatch.hub_scan', releaseMs, { facility: hub, direction: 'departure' }),
    event('delivered', 'delivery.delivered', releaseMs + 1000, {
      pieces: 1,
      condition: 'intact',
      handover: 'recipient',
    }),
  ];
}

/** The records of the outage and its background, in publication order (each at its event time). */
export function hubOutageScenario(options: HubOutageOptions): HubOutageScenario {
  const records: SimulatedRecord[] = [];
  const recoveryMs = options.startMs + options.recoveryAfterMs;
  const outageWaybills: string[] = [];
  for (let i = 0; i < options.parcels; i++) {
    const waybill = `${options.waybillPrefix}H${String(i).padStart(6, '0')}`;
    outageWaybills.push(waybill);
    const arrivalMs = options.startMs + Math.floor((i * options.arrivalsOverMs) / options.parcels);
    for (const event of parcelEvents(waybill, options.hub, arrivalMs, recoveryMs))
      records.push(recordOf(waybill, event));
  }
  const backgroundWaybills: string[] = [];
  const background = Math.floor((options.backgroundForMs / 1000) * options.backgroundPerSecond);
  for (let i = 0; i < background; i++) {
    const waybill = `${options.waybillPrefix}B${String(i).padStart(6, '0')}`;
    backgroundWaybills.push(waybill);
    const arrivalMs = options.startMs + Math.floor((i * 1000) / options.backgroundPerSecond);
    const hub = `BG${String(i).padStart(5, '0')}`;
    for (const event of parcelEvents(waybill, hub, arrivalMs, arrivalMs + options.backgroundDarkMs))
      records.push(recordOf(waybill, event));
  }
  // Each record goes out when its event happens (recordOf), so nothing comes from the future.
  records.sort((a, b) => a.publishAtMs - b.publishAtMs);
  return { records, outageWaybills, backgroundWaybills, recoveryMs };
}
