import { describe, expect, it } from 'vitest';
import { decodeState, encodeState, evaluate, fire, fireDue, StateLayoutError } from '../src/index.js';
import {
  DAY,
  defaults,
  delivered,
  event,
  HOUR,
  hubScan,
  inOrder,
  order,
  pickup,
  play,
  standardsAt,
  standing,
  T0,
  WAYBILL,
} from './shipment.js';

describe('duplicates', () => {
  it('reports a repeated event id as a duplicate and changes nothing', () => {
    const created = order(T0);
    const first = evaluate(defaults, undefined, created, T0 + 3 * HOUR);
    expect(first.changes.length).toBeGreaterThan(0);
    const again = evaluate(defaults, first.state, created, T0 + 4 * HOUR);
    expect(again).toEqual({
      state: first.state,
      changes: [],
      setDeadlines: [],
      clearDeadlines: [],
      outcomes: [],
      duplicate: true,
      nextDueMs: first.nextDueMs,
    });
  });
});

describe('events before the order', () => {
  it('keeps them and judges them when order.created arrives', () => {
    const created = order(T0, { pieces: 2 });
    const early = evaluate(defaults, undefined, pickup(T0 + HOUR, 1), T0 + HOUR);
    expect(early.changes).toEqual([]);
    expect(early.setDeadlines).toEqual([]);
    const judged = evaluate(defaults, early.state, created, T0 + 2 * HOUR);
    expect(judged.changes.map((c) => c.standard)).toEqual(['order_information_accuracy']);
    expect(judged.setDeadlines.map((d) => d.id).sort()).toEqual([
      'delivered_on_time:breach',
      'lost:breach',
      'tracking_keeps_moving:breach',
      'tracking_keeps_moving:critical',
      'tracking_keeps_moving:warn',
    ]);
  });
});

describe('fire', () => {
  it('produces nothing for a deadline whose condition no longer holds', () => {
    const placed = evaluate(defaults, undefined, order(T0), T0);
    const picked = evaluate(defaults, placed.state, pickup(T0 + HOUR), T0 + HOUR);
    const result = fire(
      defaults,
      picked.state,
      { waybill: WAYBILL, id: 'pickup_on_time:breach', dueMs: T0 + 2 * HOUR },
      T0 + 2 * HOUR,
    );
    expect(result.changes).toEqual([]);
    expect(result.outcomes).toEqual([]);
  });

  it('produces nothing when fired before the due time', () => {
    const placed = evaluate(defaults, undefined, order(T0), T0);
    const early = fire(
      defaults,
      placed.state,
      { waybill: WAYBILL, id: 'pickup_on_time:breach', dueMs: T0 + 2 * HOUR },
      T0 + HOUR,
    );
    expect(early.changes).toEqual([]);
    expect(early.setDeadlines).toEqual([{ id: 'pickup_on_time:breach', dueMs: T0 + 2 * HOUR }]);
  });

  it('clears a deadline of a standard the loaded file no longer has', () => {
    const placed = evaluate(defaults, undefined, order(T0), T0);
    const result = fire(defaults, placed.state, { waybill: WAYBILL, id: 'retired:breach', dueMs: T0 }, T0);
    expect(result.clearDeadlines).toEqual(['retired:breach']);
    expect(result.changes).toEqual([]);
  });
});

describe('fireDue and nextDueMs', () => {
  it('report the earliest due time and re-judge every standard due by then', () => {
    const placed = evaluate(defaults, undefined, order(T0, { segment: 'ecommerce' }), T0);
    expect(placed.nextDueMs).toBe(T0 + 24 * HOUR);
    expect(placed.state.pending).toEqual([
      { id: 'pickup_on_time:warn', dueMs: T0 + 24 * HOUR },
      { id: 'pickup_on_time:breach', dueMs: T0 + 48 * HOUR },
    ]);
    const warned = fireDue(defaults, placed.state, WAYBILL, T0 + 24 * HOUR);
    expect(warned.changes.map((c) => `${c.standard}:${c.level}:${c.status}`)).toEqual([
      'pickup_on_time:warn:open',
    ]);
    expect(warned.nextDueMs).toBe(T0 + 48 * HOUR);
    expect(fireDue(defaults, warned.state, WAYBILL, T0 + 30 * HOUR).changes).toEqual([]);
  });

  it('is undefined when nothing is pending', () => {
    const run = play(inOrder([order(T0), pickup(T0 + HOUR), delivered(T0 + DAY)]), T0 + DAY);
    expect(run.state?.pending).toEqual([]);
    expect(evaluate(defaults, run.state, hubScan(T0 + 2 * DAY), T0 + 2 * DAY).nextDueMs).toBeUndefined();
  });
});

describe('outcomes', () => {
  it('are emitted once per standard per shipment', () => {
    const run = play(
      inOrder([order(T0), pickup(T0 + HOUR), hubScan(T0 + 10 * HOUR), delivered(T0 + DAY)]),
      T0 + 30 * DAY,
    );
    const standards = run.outcomes.map((o) => o.standard);
    expect(new Set(standards).size).toBe(standards.length);
    expect(run.outcomes.every((o) => o.met)).toBe(true);
    expect(standards).toContain('delivered_on_time');
    expect(standards).not.toContain('complaint_answered');
  });
});

describe('finished', () => {
  it('is false in transit and true after delivery with nothing pending', () => {
    const run = play(inOrder([order(T0), pickup(T0 + HOUR)]), T0 + 2 * HOUR);
    expect(run.state?.finished).toBe(false);
    const done = play(inOrder([order(T0), pickup(T0 + HOUR), delivered(T0 + DAY)]), T0 + DAY);
    expect(done.state?.finished).toBe(true);
    expect(done.state?.pending).toEqual([]);
  });

  it('is true for a cancelled order', () => {
    const cancelled = { ...order(T0 + HOUR), id: 'cancel-1', type: 'order.cancelled' as const, data: {} };
    const run = play(inOrder([order(T0), cancelled]), T0 + HOUR);
    expect(run.state?.finished).toBe(true);
  });
});

describe('state encoding', () => {
  const midFlight = () =>
    play(
      inOrder([
        order(T0, { pieces: 2, promisedDeliveryBy: '2026-11-05T18:00:00+08:00' }),
        pickup(T0 + 2 * HOUR, 2),
        hubScan(T0 + 6 * HOUR),
        hubScan(T0 + 11 * HOUR),
        hubScan(T0 + 19 * HOUR),
      ]),
      T0 + 19 * HOUR,
    ).state!;

  it('keeps a typical mid-flight shipment (order, pickup, 3 hub scans) with its cause under 150 bytes', () => {
    const bytes = encodeState(defaults, midFlight());
    expect(bytes.length).toBeLessThan(150);
    expect(bytes[0]).toBe(1);
  });

  it('decodes to the same state', () => {
    const state = midFlight();
    expect(decodeState(defaults, encodeState(defaults, state))).toEqual(state);
  });

  it('round-trips breaches, marks, outcomes and float values', () => {
    const state = play(
      inOrder([
        order(T0, { pieces: 3 }),
        pickup(T0 + 5 * HOUR, 2),
        { ...hubScan(T0 + 60 * HOUR), id: 'scan' },
        { ...delivered(T0 + 100 * HOUR, { condition: 'damaged', pieces: 1, handover: 'locker' }), id: 'd' },
        {
          ...pickup(0),
          id: 'claim',
          type: 'aftersales.claim_filed' as const,
          timeMs: T0 + 101 * HOUR,
          data: { claimId: 'c', amountCny: 12.5 },
        },
      ]),
      T0 + 120 * HOUR,
    ).state!;
    expect(state.breaches.length).toBeGreaterThan(3);
    expect(state.breaches.some((breach) => breach.dueMs !== undefined)).toBe(true);
    expect(state.breaches.some((breach) => breach.dueMs === undefined)).toBe(true);
    expect(state.marks.length).toBeGreaterThan(0);
    expect(decodeState(defaults, encodeState(defaults, state))).toEqual(state);
  });

  it('keeps the likely cause: last seen where and when, the cities and the customer account', () => {
    const state = midFlight();
    const lastScan = state.events.at(-1)!;
    expect(state.lastSeen).toEqual({ hash: lastScan.hash, kind: 'hub', id: 'H1' });
    expect(state.order).toMatchObject({
      customerId: 'C1',
      originCity: 'Shanghai',
      destinationCity: 'Beijing',
    });
    expect(decodeState(defaults, encodeState(defaults, state)).lastSeen).toEqual(state.lastSeen);
  });

  it('takes the latest sighting by event time, a courier with its outlet, and a courier alone', () => {
    const outForDeliveryWithCourier = event('dispatch.out_for_delivery', T0 + 30 * HOUR, {
      outlet: 'BJ01',
      courierId: 'K7',
    });
    // The out-for-delivery scan arrives before the older hub scan: the later event still wins.
    const run = play(
      inOrder([order(T0), pickup(T0 + HOUR), outForDeliveryWithCourier, hubScan(T0 + 20 * HOUR)]),
      T0 + 31 * HOUR,
    );
    expect(run.state?.lastSeen).toMatchObject({ kind: 'outlet', id: 'BJ01', courierId: 'K7' });
    const failed = event('delivery.attempt_failed', T0 + 32 * HOUR, {
      reason: 'recipient_absent',
      courierId: 'K8',
    });
    const later = play(inOrder([order(T0), outForDeliveryWithCourier, failed]), T0 + 33 * HOUR);
    expect(later.state?.lastSeen).toMatchObject({ kind: 'courier', id: 'K8' });
    const state = later.state!;
    expect(decodeState(defaults, encodeState(defaults, state))).toEqual(state);
  });

  it('puts the cause on every breach change, lane included', () => {
    const run = play(
      inOrder([order(T0, { to: 'urumqi' }), pickup(T0 + HOUR), hubScan(T0 + 2 * HOUR)]),
      T0 + 6 * DAY,
    );
    const change = run.changes.find((c) => c.status === 'open')!;
    expect(change.cause).toEqual({
      lastSeen: { kind: 'hub', id: 'H1', at: new Date(T0 + 2 * HOUR).toISOString() },
      originCity: 'Shanghai',
      destinationCity: 'Urumqi',
      lane: 'Shanghai→Urumqi',
      customerId: 'C1',
    });
  });

  it('still reads states written before they kept the cause', () => {
    const state = midFlight();
    const { lastSeen: _lastSeen, ...withoutSighting } = state;
    const { customerId: _c, originCity: _o, destinationCity: _d, ...order } = state.order!;
    const older = { ...withoutSighting, order };
    const decoded = decodeState(defaults, encodeState(defaults, older));
    expect(decoded).toEqual(older);
    expect(encodeState(defaults, older).length).toBeLessThan(encodeState(defaults, state).length);
  });

  it('still reads breach records written before they kept their due time', () => {
    const state = play(inOrder([order(T0)]), T0 + 3 * HOUR).state!;
    const older = { ...state, breaches: state.breaches.map(({ dueMs: _dueMs, ...breach }) => breach) };
    expect(state.breaches[0]?.dueMs).toBe(T0 + 2 * HOUR);
    expect(decodeState(defaults, encodeState(defaults, older))).toEqual(older);
  });

  it('refuses a state written under a file with another layout', () => {
    const demo = standardsAt('standards/demo.yaml');
    const bytes = encodeState(defaults, midFlight());
    if (demo.layoutFingerprint === defaults.layoutFingerprint) return;
    expect(() => decodeState(demo, bytes)).toThrow(StateLayoutError);
  });
});

describe('the demo standards', () => {
  const demo = standardsAt('standards/demo.yaml');

  it('show a missed pickup and a silent parcel within a minute', () => {
    const run = play(inOrder([order(T0)]), T0 + 30_000, demo);
    expect(standing(run, 'pickup_on_time')).toEqual({ [`${WAYBILL}:pickup_on_time:breach:1`]: 'open' });
    const silent = play(inOrder([order(T0), pickup(T0 + 5_000)]), T0 + 55_000, demo);
    expect(Object.keys(standing(silent, 'tracking_keeps_moving'))).toHaveLength(3);
  });
});
