import { describe, expect, it } from 'vitest';
import { FAULT_PROFILES, FAULTS, type Fault, parseFaultProfile } from '../src/index.js';
import { testScenario } from './support.js';

function only(fault: Fault, seed = 1, shipments = 40) {
  const profile = { ...FAULT_PROFILES['none']!, [fault]: 1 };
  return testScenario({ seed, shipments, faults: profile }).shipments;
}

const entries = (truth: ReadonlyArray<{ standard: string; level: string; status: string }>) =>
  truth.map((t) => `${t.standard}:${t.level}:${t.status}`);

/** What each fault must cause under the demo standards, whatever else it may also cause. */
const MUST_CAUSE: Partial<Record<Fault, string[]>> = {
  stuck_in_transit: [
    'tracking_keeps_moving:warn:resolved',
    'tracking_keeps_moving:breach:resolved',
    'tracking_keeps_moving:critical:resolved',
    'delivered_on_time:breach:open',
  ],
  lost_in_transit: [
    'tracking_keeps_moving:critical:open',
    'delivered_on_time:breach:open',
    'lost:breach:open',
  ],
  late_delivery: ['delivered_on_time:breach:open'],
  damaged: ['delivered_intact_and_complete:breach:open'],
  missing_pieces: ['delivered_intact_and_complete:breach:open'],
  pieces_mismatch: ['order_information_accuracy:breach:open'],
  order_correction: ['order_information_accuracy:breach:open'],
  stockout: ['stockout:breach:open'],
  failed_attempts: ['delivery_attempts_limit:breach:open'],
  unconsented_handover: ['consented_handover:breach:open'],
  complaint_answered_late: ['complaint_answered:breach:open'],
  claim_settled_late: ['claim_settled:breach:open'],
  late_arrival: ['delivered_on_time:breach:retracted'],
};

/** Faults that must cause nothing at all: the monitor has to shrug them off. */
const HARMLESS: Fault[] = [
  'cancellation',
  'complaint_answered_in_time',
  'claim_settled_in_time',
  'duplicate',
  'out_of_order',
  'malformed',
];

describe('each fault', () => {
  it.each(Object.entries(MUST_CAUSE))(
    '%s produces its truth entries in every shipment',
    (fault, expected) => {
      for (const shipment of only(fault as Fault)) {
        expect(entries(shipment.truth)).toEqual(expect.arrayContaining(expected));
        for (const entry of shipment.truth) expect(entry.faults).toContain(fault);
      }
    },
  );

  it('late_pickup opens the pickup breach at the level whose limit it passed', () => {
    for (const shipment of only('late_pickup')) {
      const pickup = shipment.truth.filter((t) => t.standard === 'pickup_on_time' && t.status === 'open');
      // ecommerce warns first (10 s warn, 20 s breach); the others only have a breach level.
      const level = shipment.plan.customer.segment === 'ecommerce' ? 'warn' : 'breach';
      expect(pickup.map((t) => t.level)).toContain(level);
    }
  });

  it.each(HARMLESS)('%s causes no breach', (fault) => {
    for (const shipment of only(fault)) expect(entries(shipment.truth)).toEqual([]);
  });

  it('a late-arriving delivery is published after its deadline, though it happened well before it', () => {
    for (const shipment of only('late_arrival')) {
      const entry = shipment.truth.find((t) => t.standard === 'delivered_on_time')!;
      const delivered = shipment.records.find((r) => r.valid && r.eventType === 'delivery.delivered')!;
      const time = shipment.plan.events.find((e) => e.type === 'delivery.delivered')!.timeMs;
      expect(delivered.publishAtMs).toBeGreaterThan(entry.dueAtMs!);
      expect(time).toBeLessThan(entry.dueAtMs!);
    }
  });

  it('a duplicate is the same record twice', () => {
    for (const shipment of only('duplicate', 3, 10)) {
      const values = shipment.records.map((r) => String(r.value));
      expect(new Set(values).size).toBe(values.length - 1);
    }
  });

  it('out_of_order publishes an earlier event after a later one of another topic', () => {
    for (const shipment of only('out_of_order', 4, 20)) {
      const moved = shipment.records.find((r) => r.fault === 'out_of_order')!;
      const time = shipment.plan.events.find((e) => e.id === moved.eventId)!.timeMs;
      const overtaken = shipment.records.filter(
        (r) =>
          r.valid &&
          r.publishAtMs < moved.publishAtMs &&
          shipment.plan.events.find((e) => e.id === r.eventId)!.timeMs > time,
      );
      expect(overtaken.length).toBeGreaterThan(0);
      expect(overtaken.some((r) => r.topicFamily !== moved.topicFamily)).toBe(true);
    }
  });
});

describe('no-fault shipments', () => {
  it('produce no truth entries at all', () => {
    const { truth, shipments } = testScenario({ seed: 8, shipments: 2000, faults: 'none' });
    expect(shipments.every((s) => s.faults.length === 0)).toBe(true);
    expect(truth).toEqual([]);
  });

  it('in a mixed scenario produce none either', () => {
    const { shipments } = testScenario({ seed: 9, shipments: 1000, faults: 'demo' });
    const clean = shipments.filter((s) => s.faults.length === 0);
    expect(clean.length).toBeGreaterThan(300);
    for (const shipment of clean) expect(shipment.truth).toEqual([]);
  });
});

describe('parseFaultProfile', () => {
  it('knows the named profiles', () => {
    expect(parseFaultProfile('demo')).toBe(FAULT_PROFILES['demo']);
    expect(Object.values(parseFaultProfile('none')).every((p) => p === 0)).toBe(true);
  });

  it('reads JSON on top of a base profile', () => {
    const profile = parseFaultProfile('{"base":"demo","late_pickup":0.5}');
    expect(profile.late_pickup).toBe(0.5);
    expect(profile.damaged).toBe(FAULT_PROFILES['demo']!.damaged);
    expect(Object.keys(profile).sort()).toEqual([...FAULTS].sort());
  });

  it('says what is wrong with a bad profile', () => {
    expect(() => parseFaultProfile('sometimes')).toThrow(/unknown fault profile "sometimes"/);
    expect(() => parseFaultProfile('{"late_pickup":2}')).toThrow(/late_pickup/);
    expect(() => parseFaultProfile('{"teleport":0.1}')).toThrow(/teleport/);
    expect(() => parseFaultProfile('{"base":"wild"}')).toThrow(/unknown base "wild"/);
  });
});
