import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import type { ShipmentEvent } from '../src/event.js';
import {
  type BreachChange,
  emptyState,
  evaluate,
  judgeRecorded,
  recordNew,
  type ShipmentState,
} from '../src/index.js';
import {
  type Arrival,
  DAY,
  defaults,
  delivered,
  event,
  HOUR,
  hubScan,
  order,
  outForDelivery,
  pickup,
  play,
  standing,
  T0,
  WAYBILL,
} from './shipment.js';

/**
 * A shipment's life with faults: late or missing pickup, long silences, a
 * failed attempt or three, damage, short delivery, unconsented lockers,
 * corrections, stockouts, complaints and claims, cancellation or return.
 */
const shipmentArbitrary = fc
  .record({
    segment: fc.constantFrom('key_account', 'ecommerce', 'sme', 'individual'),
    product: fc.constantFrom('same_day', 'next_day', 'second_day', 'standard'),
    to: fc.constantFrom('shanghai' as const, 'beijing' as const, 'urumqi' as const),
    orderOffset: fc.integer({ min: 0, max: 2 * DAY }),
    promise: fc.option(fc.integer({ min: 6 * HOUR, max: 5 * DAY }), { nil: undefined }),
    pieces: fc.integer({ min: 1, max: 3 }),
    pickupAfter: fc.option(fc.integer({ min: 0, max: 60 * HOUR }), { nil: undefined }),
    pickedPieces: fc.integer({ min: 1, max: 3 }),
    gaps: fc.array(fc.integer({ min: HOUR, max: 80 * HOUR }), { maxLength: 4 }),
    failedAttempts: fc.integer({ min: 0, max: 3 }),
    end: fc.constantFrom('delivered', 'returned', 'cancelled', 'none'),
    condition: fc.constantFrom('intact', 'damaged'),
    handover: fc.constantFrom('recipient', 'locker', 'proxy'),
    deliveredPieces: fc.integer({ min: 1, max: 3 }),
    corrected: fc.option(fc.integer({ min: 0, max: 30 * HOUR }), { nil: undefined }),
    stockout: fc.boolean(),
    complaint: fc.option(
      fc.tuple(fc.integer({ min: 0, max: 3 * DAY }), fc.option(fc.integer({ min: HOUR, max: 9 * DAY }))),
      {
        nil: undefined,
      },
    ),
  })
  .map((s) => {
    const orderMs = T0 + s.orderOffset;
    const events: ShipmentEvent[] = [
      order(orderMs, {
        segment: s.segment,
        product: s.product,
        to: s.to,
        pieces: s.pieces,
        ...(s.promise ? { promisedDeliveryBy: new Date(orderMs + s.promise).toISOString() } : {}),
      }),
    ];
    let now = orderMs;
    if (s.pickupAfter !== undefined) {
      now += s.pickupAfter;
      events.push(pickup(now, s.pickedPieces));
      for (const gap of s.gaps) {
        now += gap;
        events.push(hubScan(now));
      }
      now += HOUR;
      events.push(outForDelivery(now));
      for (let i = 0; i < s.failedAttempts; i++) {
        now += 10 * HOUR;
        events.push(event('delivery.attempt_failed', now, { reason: 'absent' }));
      }
    }
    if (s.corrected !== undefined)
      events.push(event('order.corrected', orderMs + s.corrected, { field: 'receiver' }));
    if (s.stockout) events.push(event('order.stockout', orderMs + HOUR, { sku: 'A', quantityShort: 1 }));
    now += 5 * HOUR;
    if (s.end === 'delivered') {
      events.push(
        delivered(now, { condition: s.condition, handover: s.handover, pieces: s.deliveredPieces }),
      );
    } else if (s.end === 'returned') events.push(event('delivery.returned', now, {}));
    else if (s.end === 'cancelled') events.push(event('order.cancelled', now, {}));
    if (s.complaint) {
      const [after, answered] = s.complaint;
      events.push(event('aftersales.complaint_opened', now + after, { complaintId: 'K', category: 'late' }));
      if (answered !== null)
        events.push(event('aftersales.complaint_resolved', now + after + answered, { complaintId: 'K' }));
    }
    return events;
  });

/** Every event delayed by up to 4 days (so order.created may come last), some delivered twice. */
const arrivalsArbitrary = (events: ShipmentEvent[]) =>
  fc
    .tuple(
      fc.array(fc.integer({ min: 0, max: 4 * DAY }), { minLength: events.length, maxLength: events.length }),
      fc.array(fc.nat({ max: events.length - 1 }), { maxLength: 3 }),
    )
    .map(([delays, repeated]): Arrival[] => [
      ...events.map((e, i) => ({ event: e, arriveMs: e.timeMs + delays[i]! })),
      ...repeated.map((i) => ({ event: events[i]!, arriveMs: events[i]!.timeMs + delays[i]! + HOUR })),
    ]);

const finalMs = (arrivals: Arrival[]) =>
  Math.max(...arrivals.map((a) => a.arriveMs ?? a.event.timeMs)) + 40 * DAY;

describe('order independence', () => {
  it('ends with the same breaches and statuses whatever the arrival order and delays', () => {
    fc.assert(
      fc.property(
        shipmentArbitrary.chain((events) => fc.tuple(fc.constant(events), arrivalsArbitrary(events))),
        ([events, arrivals]) => {
          const until = finalMs(arrivals);
          const inOrderRun = play(
            events.map((e) => ({ event: e })),
            until,
          );
          const shuffledRun = play(arrivals, until);
          expect(standing(shuffledRun)).toEqual(standing(inOrderRun));
          const described = (run: typeof inOrderRun) =>
            [...run.statuses.values()]
              .filter((c) => c.status !== 'retracted')
              .map(
                (c) =>
                  `${c.breachId} ${c.status} ${c.severity} ${c.dueAt} ${c.segment}/${c.product}/${c.route}`,
              )
              .sort();
          expect(described(shuffledRun)).toEqual(described(inOrderRun));
          expect(shuffledRun.state?.finished).toBe(inOrderRun.state?.finished);
          // Where the parcel was last seen is decided by event time, not by arrival.
          expect(shuffledRun.state?.lastSeen).toEqual(inOrderRun.state?.lastSeen);
          // A store that keeps only the next due time per waybill ends the same way.
          expect(described(play(arrivals, until, defaults, 'next'))).toEqual(described(inOrderRun));
          // Outcomes may flip along the way, but the last word per standard agrees.
          const last = (run: typeof inOrderRun) => {
            const word: Record<string, boolean> = {};
            for (const o of run.outcomes) {
              if (o.withdrawn) delete word[o.standard];
              else word[o.standard] = o.met;
            }
            return word;
          };
          expect(last(shuffledRun)).toEqual(last(inOrderRun));
        },
      ),
      { numRuns: 200 },
    );
  });

  it('exercises real breaches (the generator is not vacuous)', () => {
    const sample = fc.sample(shipmentArbitrary, { numRuns: 50, seed: 7 });
    const withBreaches = sample.filter(
      (events) =>
        Object.keys(
          standing(
            play(
              events.map((e) => ({ event: e })),
              T0 + 60 * DAY,
            ),
          ),
        ).length > 0,
    );
    expect(withBreaches.length).toBeGreaterThan(25);
  });
});

describe('a batch judged once', () => {
  /** What stands after a run: reported statuses, and the state's judged parts. */
  const settled = (state: ShipmentState | undefined, changes: BreachChange[]) => {
    const statuses = new Map<string, string>();
    for (const change of changes) statuses.set(change.breachId, change.status);
    return {
      standing: [...statuses].filter(([, status]) => status !== 'retracted').sort(),
      // The list's order follows the judging order; the set is what must agree.
      breaches: state?.breaches
        .filter((b) => b.status !== 'retracted')
        .map((b) => JSON.stringify(b))
        .sort(),
      outcomes: state?.outcomes,
      pending: state?.pending,
      finished: state?.finished,
      lastSeen: state?.lastSeen,
      events: state?.events,
    };
  };

  it('ends where judging after each event ends, however the events are cut into batches', () => {
    fc.assert(
      fc.property(
        shipmentArbitrary.chain((events) =>
          fc.tuple(
            arrivalsArbitrary(events),
            fc.array(fc.boolean(), { minLength: events.length + 3, maxLength: events.length + 3 }),
          ),
        ),
        ([arrivals, cuts]) => {
          const ordered = [...arrivals].sort((a, b) => a.arriveMs! - b.arriveMs!);
          const batches: (typeof ordered)[] = [[]];
          ordered.forEach((arrival, i) => {
            batches.at(-1)!.push(arrival);
            if (cuts[i]) batches.push([]);
          });
          let eachState: ShipmentState | undefined;
          let batchState: ShipmentState | undefined;
          const eachChanges: BreachChange[] = [];
          const batchChanges: BreachChange[] = [];
          for (const batch of batches.filter((b) => b.length > 0)) {
            // Read when its last event arrived.
            const nowMs = batch.at(-1)!.arriveMs!;
            for (const { event } of batch) {
              const result = evaluate(defaults, eachState, event, nowMs);
              eachState = result.state;
              eachChanges.push(...result.changes);
            }
            let state = batchState ?? emptyState();
            const types: ShipmentEvent['type'][] = [];
            const evidence: string[] = [];
            for (const { event } of batch) {
              const recorded = recordNew(defaults, state, event);
              if (!recorded) continue;
              state = recorded;
              if (!types.includes(event.type)) types.push(event.type);
              evidence.push(event.id);
            }
            if (types.length > 0) {
              const result = judgeRecorded(defaults, state, {
                waybill: WAYBILL,
                types,
                evidence,
                nowMs,
                horizonMs: nowMs,
              });
              state = result.state;
              batchChanges.push(...result.changes);
            }
            batchState = state;
          }
          expect(settled(batchState, batchChanges)).toEqual(settled(eachState, eachChanges));
        },
      ),
      { numRuns: 200 },
    );
  });
});

describe('duplicates', () => {
  it('replaying any event already seen changes nothing', () => {
    fc.assert(
      fc.property(shipmentArbitrary, fc.nat(), (events, pick) => {
        let state: ReturnType<typeof evaluate>['state'] | undefined;
        for (const e of events) state = evaluate(defaults, state, e, e.timeMs).state;
        const repeated = events[pick % events.length]!;
        const result = evaluate(defaults, state, repeated, repeated.timeMs + 100 * DAY);
        expect(result.duplicate).toBe(true);
        expect(result.state).toBe(state);
        expect(result.changes).toEqual([]);
        expect(result.setDeadlines).toEqual([]);
      }),
      { numRuns: 200 },
    );
  });
});
