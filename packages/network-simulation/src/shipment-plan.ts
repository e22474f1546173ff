import type { EventType } from '@slawatch/contract';
import { classifyRoute, type RouteClass, type StandardsFile } from '@slawatch/standards';
import { type Customer, pickCustomer, pickPieces, SEGMENT_SHARES } from './customers.js';
import type { ShipmentFault } from './faults.js';
import {
  HUBS,
  hubPath,
  type Location,
  pickDestination,
  pickLocation,
  pickOutlet,
  placeOf,
} from './network.js';
import type { Random } from './random.js';
import type { OrderFacts, SimulatedEvent } from './simulated-event.js';
import { duesStoppedBy, inTimeBy, lateAfter, longestSilence, quietGapLimit } from './timing.js';

const HOUR = 3_600_000;
/** A guard: a late parcel is re-scanned this many times at most. */
const MAX_FILLER_SCANS = 60;

/**
 * How long things take in a real network, before `timeScale` compresses them.
 * Where a standard watches a step, its limit caps these (see timing.ts).
 */
const NOMINAL_MS = {
  cancel: 0.3 * HOUR,
  pickup: 1 * HOUR,
  hubLeg: 4 * HOUR,
  complaintAfterDelivery: 2 * HOUR,
  complaintAnswer: 4 * HOUR,
  claimAfterDelivery: 3 * HOUR,
  claimSettlement: 12 * HOUR,
} as const;
type NominalStep = keyof typeof NOMINAL_MS;

export interface PlanContext {
  standards: StandardsFile;
  /** Milliseconds of event time per nominal millisecond, e.g. 1/360: one nominal hour passes in ten seconds. */
  timeScale: number;
  segmentShares?: Readonly<Record<string, number>>;
}

export interface ShipmentPlan {
  waybill: string;
  customer: Customer;
  origin: Location;
  destination: Location;
  route: RouteClass;
  hubs: string[];
  faults: ShipmentFault[];
  /** In the order they happened. */
  events: SimulatedEvent[];
}

/** Removes faults that cannot happen together, so each shipment tells one consistent story. */
export function consistentFaults(drawn: ReadonlySet<ShipmentFault>): ShipmentFault[] {
  if (drawn.has('cancellation')) return ['cancellation'];
  const kept = new Set(drawn);
  if (kept.has('lost_in_transit')) {
    for (const fault of [
      'stuck_in_transit',
      'late_delivery',
      'damaged',
      'missing_pieces',
      'failed_attempts',
      'unconsented_handover',
      'complaint_answered_in_time',
      'complaint_answered_late',
      'claim_settled_in_time',
      'claim_settled_late',
    ] as const)
      kept.delete(fault);
  }
  if (kept.has('complaint_answered_late')) kept.delete('complaint_answered_in_time');
  if (kept.has('claim_settled_late')) kept.delete('claim_settled_in_time');
  return [...kept];
}

/** The count limit on failed attempts in the file (more than this many is a breach); 2 if none. */
function failedAttemptLimit(file: StandardsFile): number {
  const limits = file.standards.flatMap((standard) =>
    standard.rule.kind === 'count' && standard.rule.event.includes('delivery.attempt_failed')
      ? [standard.rule.moreThan]
      : [],
  );
  return limits.length === 0 ? 2 : Math.min(...limits);
}

class Timeline {
  readonly events: SimulatedEvent[] = [];

  constructor(
    private readonly waybill: string,
    readonly order: OrderFacts,
    private readonly file: StandardsFile,
  ) {}

  add(type: EventType, timeMs: number, source: string, data: Record<string, unknown>): number {
    const rounded = Math.round(timeMs);
    const id = `${this.waybill}-${String(this.events.length + 1).padStart(2, '0')}`;
    this.events.push({ id, type, timeMs: rounded, source, data });
    return rounded;
  }

  dues(type: EventType, extra: SimulatedEvent[] = []) {
    return duesStoppedBy(this.file, this.order, [...this.events, ...extra], type);
  }
}

function courier(random: Random, outlet: string): string {
  return `K-${outlet}${String(random.integer(1, 20)).padStart(2, '0')}`;
}

/**
 * Plans one shipment: who sends what where, which faults it carries, and the
 * event time of every event, starting at `startMs`.
 */
export function planShipment(
  context: PlanContext,
  random: Random,
  waybill: string,
  startMs: number,
  drawnFaults: ReadonlySet<ShipmentFault>,
): ShipmentPlan {
  const file = context.standards;
  const scale = context.timeScale;
  const customer = pickCustomer(random, context.segmentShares ?? SEGMENT_SHARES);
  const origin = pickLocation(random);
  const destination = pickDestination(random, origin);
  const route = classifyRoute(placeOf(origin), placeOf(destination), file.routes.remoteProvinces);
  const hubs = hubPath(random, origin, destination);
  const faults = consistentFaults(drawnFaults);
  const has = (fault: ShipmentFault) => faults.includes(fault);
  const order: OrderFacts = { segment: customer.segment, product: customer.product, route };
  const timeline = new Timeline(waybill, order, file);
  const plan: ShipmentPlan = {
    waybill,
    customer,
    origin,
    destination,
    route,
    hubs,
    faults,
    events: timeline.events,
  };

  const orderedPieces = has('missing_pieces') ? Math.max(2, pickPieces(random)) : pickPieces(random);
  timeline.add('order.created', startMs, 'oms', {
    orderId: `OMS-${waybill}`,
    customerId: customer.id,
    segment: customer.segment,
    product: customer.product,
    origin: placeOf(origin),
    destination: placeOf(destination),
    pieces: orderedPieces,
    items: [{ sku: `SKU-${random.integer(1000, 9999)}`, quantity: orderedPieces }],
  });
  const nominal = (key: NominalStep) => NOMINAL_MS[key] * scale * random.between(0.6, 1.2);
  // A fraction of the room left, so in-time events spread out below their bound instead of piling on it.
  const within = (from: number, bound: number, wanted: number) =>
    from + Math.max(0, Math.min(wanted, (bound - from) * random.between(0.5, 1)));

  const pickupBound = inTimeBy(timeline.dues('dispatch.picked_up'));
  if (has('cancellation')) {
    timeline.add('order.cancelled', within(startMs, pickupBound, nominal('cancel')), 'oms', {
      reason: 'customer cancelled the order',
    });
    return plan;
  }

  const originOutlet = pickOutlet(random, origin);
  const pickupAt = has('late_pickup')
    ? lateAfter(timeline.dues('dispatch.picked_up'), startMs)
    : within(startMs, pickupBound, nominal('pickup'));
  if (has('stockout')) {
    timeline.add('order.stockout', startMs + (pickupAt - startMs) * 0.3, 'oms', {
      sku: 'SKU-SHORT',
      quantityShort: 1,
    });
  }
  const pickedPieces = has('pieces_mismatch') ? orderedPieces + 1 : orderedPieces;
  const pickedAt = timeline.add('dispatch.picked_up', pickupAt, `outlet/${originOutlet}`, {
    outlet: originOutlet,
    pieces: pickedPieces,
    courierId: courier(random, originOutlet),
    weightKg: Math.round(random.between(0.2, 8) * 10) / 10,
  });

  // The gap between consecutive events: short of every silence threshold and of the attempt deadline.
  const outForDeliveryProbe: SimulatedEvent = {
    id: 'probe',
    type: 'dispatch.out_for_delivery',
    timeMs: pickedAt,
    source: '',
    data: {},
  };
  const attemptDues = timeline.dues('delivery.attempt_failed', [outForDeliveryProbe]);
  const attemptGap = attemptDues.length === 0 ? Number.POSITIVE_INFINITY : inTimeBy(attemptDues) - pickedAt;
  const longestGap = Math.min(quietGapLimit(file, order), attemptGap * 0.9);
  let gap = Math.min(longestGap, nominal('hubLeg'));

  const attemptLimit = failedAttemptLimit(file);
  const failedAttempts = has('failed_attempts')
    ? attemptLimit + 1
    : Math.min(
        attemptLimit,
        random.weighted([
          [0, 0.9],
          [1, 0.08],
          [2, 0.02],
        ] as const),
      );
  const scans = hubs.flatMap((facility) => [
    { facility, direction: 'arrival' },
    { facility, direction: 'departure' },
  ]);
  if (has('order_correction')) {
    timeline.add('order.corrected', pickedAt + gap * 0.5, `outlet/${originOutlet}`, {
      field: 'destination.district',
      before: 'unknown',
      after: 'corrected district',
    });
  }

  if (has('lost_in_transit')) {
    // The parcel vanishes after a hub scan and nothing is heard of it again.
    const seen = random.integer(1, scans.length);
    let time = pickedAt;
    for (const scan of scans.slice(0, seen)) {
      time += gap;
      timeline.add('dispatch.hub_scan', time, `hub/${scan.facility}`, scan);
    }
    return plan;
  }

  const silence = longestSilence(file, order);
  const stuckAfter = has('stuck_in_transit') ? random.integer(1, scans.length - 1 || 1) : -1;
  const stuckGap = silence === undefined ? nominal('hubLeg') * 6 : silence * 1.5;
  const tailGaps = 2 + 2 * failedAttempts; // last scan → out for delivery (→ failed attempt → out again)* → delivered
  const gapCount = scans.length + tailGaps;
  const deliveredDues = timeline.dues('delivery.delivered');
  const deliveredBound = inTimeBy(deliveredDues);
  const fixed = stuckAfter >= 0 ? stuckGap : 0;
  const fitsInTime = (deliveredBound - pickedAt) / gapCount;
  let deliveredAt: number;
  // In time unless a fault says otherwise or the limit leaves no room (a late pickup eats the delivery time).
  if (!has('late_delivery') && stuckAfter < 0 && fitsInTime >= gap * 0.1) {
    gap = Math.min(gap, fitsInTime);
    deliveredAt = pickedAt + gapCount * gap;
  } else {
    deliveredAt = lateAfter(deliveredDues, pickedAt + fixed + gapCount * gap);
  }
  // Late parcels keep moving (re-sorted through trunk hubs) unless stuck, so only the faults injected show.
  const regularGaps = gapCount - (stuckAfter >= 0 ? 1 : 0);
  // Filler scans only need to beat the silence thresholds, not keep the nominal pace.
  const fillerGap = Number.isFinite(longestGap) ? Math.max(gap, longestGap * 0.9) : gap;
  const fillers = Math.min(
    MAX_FILLER_SCANS,
    Math.max(0, Math.ceil((deliveredAt - pickedAt - fixed) / fillerGap) - regularGaps),
  );
  for (let i = 0; i < fillers; i++) {
    const facility = HUBS[random.integer(0, HUBS.length - 1)]?.code ?? 'CGO01';
    scans.push({ facility, direction: i % 2 === 0 ? 'arrival' : 'departure' });
  }
  const step = (deliveredAt - pickedAt - fixed) / (regularGaps + fillers);

  let time = pickedAt;
  scans.forEach((scan, index) => {
    time += index === stuckAfter ? stuckGap : step;
    timeline.add('dispatch.hub_scan', time, `hub/${scan.facility}`, scan);
  });
  const deliveryOutlet = pickOutlet(random, destination);
  const courierId = courier(random, deliveryOutlet);
  const at = `outlet/${deliveryOutlet}`;
  time += step;
  timeline.add('dispatch.out_for_delivery', time, at, { outlet: deliveryOutlet, courierId });
  for (let i = 0; i < failedAttempts; i++) {
    time += step;
    timeline.add('delivery.attempt_failed', time, at, { reason: 'recipient_absent', courierId });
    time += step;
    timeline.add('dispatch.out_for_delivery', time, at, { outlet: deliveryOutlet, courierId });
  }
  const handover = has('unconsented_handover')
    ? random.pick(['locker', 'station', 'proxy'] as const)
    : random.weighted([
        ['recipient', 0.7],
        ['locker', 0.15],
        ['station', 0.1],
        ['proxy', 0.05],
      ] as const);
  const deliveredTime = timeline.add('delivery.delivered', deliveredAt, at, {
    pieces: has('missing_pieces') ? pickedPieces - 1 : pickedPieces,
    condition: has('damaged') ? 'damaged' : 'intact',
    handover,
    ...(handover === 'recipient' ? {} : { consented: !has('unconsented_handover') }),
    courierId,
  });

  /** A complaint or claim: opened a while after delivery, then closed in time or after its due time. */
  const afterSales = (
    events: { opened: EventType; closed: EventType; source: string },
    timing: { late: boolean; openedAfter: NominalStep; closedWithin: NominalStep },
    data: { opened: Record<string, unknown>; closed: Record<string, unknown> },
  ) => {
    const openedAt = deliveredTime + nominal(timing.openedAfter);
    const opened = timeline.add(events.opened, openedAt, events.source, data.opened);
    const dues = timeline.dues(events.closed);
    const closed = timing.late
      ? lateAfter(dues, opened)
      : within(opened, inTimeBy(dues), nominal(timing.closedWithin));
    timeline.add(events.closed, closed, events.source, data.closed);
  };

  const complaintLate = has('complaint_answered_late');
  if (complaintLate || has('complaint_answered_in_time')) {
    const complaintId = `CS-${waybill}`;
    const category = has('damaged') ? 'damage' : deliveredAt > deliveredBound ? 'delay' : 'service';
    afterSales(
      { opened: 'aftersales.complaint_opened', closed: 'aftersales.complaint_resolved', source: 'crm' },
      { late: complaintLate, openedAfter: 'complaintAfterDelivery', closedWithin: 'complaintAnswer' },
      { opened: { complaintId, category }, closed: { complaintId, resolution: 'answered by phone' } },
    );
  }
  const claimLate = has('claim_settled_late');
  if (claimLate || has('claim_settled_in_time')) {
    const claimId = `CL-${waybill}`;
    const amountCny = random.integer(20, 500);
    afterSales(
      { opened: 'aftersales.claim_filed', closed: 'aftersales.claim_settled', source: 'claims' },
      { late: claimLate, openedAfter: 'claimAfterDelivery', closedWithin: 'claimSettlement' },
      { opened: { claimId, amountCny }, closed: { claimId, amountCny } },
    );
  }
  timeline.events.sort((a, b) => a.timeMs - b.timeMs);
  return plan;
}
