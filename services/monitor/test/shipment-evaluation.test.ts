import { type ContractEvent, type EventType, sampleEvent } from '@slawatch/contract';
import { compileStandards, encodeState, nextDueMs } from '@slawatch/evaluation';
import { encodeStored } from '@slawatch/shipment-store';
import { loadStandards } from '@slawatch/standards';
import { describe, expect, it } from 'vitest';
import { wallClock } from '../src/evidence-watermark.js';
import { type ArrivedEvent, ShipmentEvaluation } from '../src/shipment-evaluation.js';

const compiled = compileStandards(
  loadStandards(new URL('../../../standards/default.yaml', import.meta.url).pathname),
);
const LIFECYCLE: EventType[] = [
  'order.created',
  'dispatch.picked_up',
  'dispatch.hub_scan',
  'dispatch.out_for_delivery',
  'delivery.delivered',
];

describe('the stored value of a shipment', () => {
  it('is the next due time, then the encoded state, and reads back to the same state', () => {
    const retentionMs = 7 * 86_400_000;
    const evaluation = new ShipmentEvaluation({ compiled, retentionMs });
    const startMs = Date.parse('2026-11-02T01:00:00Z');
    let stored: Buffer | undefined;
    LIFECYCLE.forEach((type, step) => {
      const timeMs = startMs + step * 3_600_000;
      const event = sampleEvent(type, {
        subject: 'SW1',
        id: `SW1-${step}`,
        time: new Date(timeMs).toISOString(),
      });
      const arrived: ArrivedEvent = { event: event as ContractEvent, timeMs, arrivedMs: timeMs };
      const value = evaluation.applyEvents(stored, [arrived], wallClock(timeMs + 60_000)).next!;
      const state = evaluation.decodeState(value);
      expect(state.events).toHaveLength(step + 1);
      expect(value).toEqual(
        encodeStored({ nextDueMs: nextDueMs(state, retentionMs), state: encodeState(compiled, state) }),
      );
      expect(evaluation.encode(state)).toEqual(value);
      stored = value;
    });
  });
});

describe('evidence that arrived ahead of the other topics', () => {
  const retentionMs = 30 * 86_400_000;
  const evaluation = new ShipmentEvaluation({ compiled, retentionMs });
  const orderMs = Date.parse('2026-11-02T01:00:00Z');
  const DAY = 86_400_000;
  /** An event of SW2 that happened at `timeMs` and reached Kafka at `arrivedMs`. */
  const arrived = (type: EventType, timeMs: number, arrivedMs: number): ArrivedEvent => {
    const event = sampleEvent(type, {
      subject: 'SW2',
      id: `SW2-${type}`,
      time: new Date(timeMs).toISOString(),
    });
    return { event: event as ContractEvent, timeMs, arrivedMs };
  };
  /** Every input topic read to `horizonMs`, judged at `nowMs`. */
  const clock = (horizonMs: number, nowMs = horizonMs + 5_000) => ({
    nowMs,
    horizonMs,
    evidenceMs: horizonMs,
  });

  // The order, read on time; then ten days of nothing, until an outlet's scanner uploads a pickup
  // made an hour after the order, and the delivery made the next hour.
  const ordered = evaluation.applyEvents(
    undefined,
    [arrived('order.created', orderMs, orderMs)],
    clock(orderMs),
  ).next!;
  const uploadMs = orderMs + 10 * DAY;
  const pickup = arrived('dispatch.picked_up', orderMs + 3_600_000, uploadMs);
  const delivery = arrived('delivery.delivered', orderMs + 7_200_000, uploadMs + 3);

  it('holds the deadlines it reveals until every topic is read past its arrival', () => {
    // The dispatch topic is read to the upload; the delivery topic only to a second before it.
    const picked = evaluation.applyEvents(ordered, [pickup], clock(uploadMs - 1_000));
    // The pickup was on time; the silence since it and the delivery promise, long past, are held.
    expect(picked.changes).toEqual([]);
    expect(evaluation.decodeState(picked.next!).pending.length).toBeGreaterThan(0);
    expect(evaluation.fireDue('SW2', picked.next!, clock(uploadMs - 500))).toBeUndefined();

    const delivered = evaluation.applyEvents(picked.next, [delivery], clock(uploadMs - 400));
    expect(delivered.changes).toEqual([]);
    expect(evaluation.decodeState(delivered.next!).pending).toEqual([]);
  });

  it('judges them once the horizon passes the arrival, and says how late the deadline was', () => {
    const picked = evaluation.applyEvents(ordered, [pickup], clock(uploadMs - 1_000)).next!;
    const fired = evaluation.fireDue('SW2', picked, clock(uploadMs));
    const opened = fired!.changes.map((c) => `${c.standard}:${c.level}:${c.status}`);
    expect(opened).toContain('tracking_keeps_moving:critical:open');
    expect(opened.every((c) => c.endsWith(':open'))).toBe(true);
    // Read as far as the upload: not judged before the evidence was read.
    expect(fired!.changes.every((c) => !c.judgedBeforeBacklogRead)).toBe(true);
    // How late once it could be judged (after the hold), not how late the scanner was.
    expect(fired!.lateByMs).toBe(5_000);
  });

  it('keeps the hold while later events of the shipment arrive, and says so when the maximum hold releases it', () => {
    const picked = evaluation.applyEvents(ordered, [pickup], clock(uploadMs - 1_000)).next!;
    // A stockout read from the order topic, which was read past its own, earlier arrival.
    const stockout = arrived('order.stockout', orderMs + 1_800_000, uploadMs - 2_000);
    const stillHeld = evaluation.applyEvents(picked, [stockout], clock(uploadMs - 1_000)).next!;
    expect(evaluation.fireDue('SW2', stillHeld, clock(uploadMs - 500))).toBeUndefined();
    // The watermark never got there: the maximum hold releases it, on evidence read up to before the hold.
    const released = { nowMs: uploadMs + 300_000, horizonMs: uploadMs, evidenceMs: uploadMs - 1_000 };
    const fired = evaluation.fireDue('SW2', stillHeld, released)!;
    expect(fired.changes.length).toBeGreaterThan(0);
    expect(fired.changes.every((c) => c.judgedBeforeBacklogRead)).toBe(true);
  });

  it('holds nothing for a live event: a deadline falling due as it arrives fires on time', () => {
    const dueMs = evaluation.decodeState(ordered).pending[0]!.dueMs;
    // A stockout arrives just after the pickup deadline, before the horizon has passed it.
    const stockout = arrived('order.stockout', dueMs + 100, dueMs + 200);
    const live = evaluation.applyEvents(ordered, [stockout], clock(dueMs - 800, dueMs + 250)).next!;
    const fired = evaluation.fireDue('SW2', live, clock(dueMs));
    expect(fired?.changes.map((c) => `${c.standard}:${c.status}`)).toContain('pickup_on_time:open');
  });

  it('holds nothing past now when the publisher’s clock is ahead', () => {
    const fast = { ...pickup, arrivedMs: uploadMs + DAY };
    const picked = evaluation.applyEvents(ordered, [fast], clock(uploadMs - 1_000, uploadMs + 4_000)).next!;
    expect(evaluation.fireDue('SW2', picked, clock(uploadMs + 4_000))).toBeDefined();
  });

  it('keeps open what an earlier, further horizon opened', () => {
    // The pickup deadline passed by every topic's reading: the breach is open.
    const fired = evaluation.fireDue('SW2', ordered, clock(orderMs + DAY))!;
    expect(fired.changes.map((c) => `${c.standard}:${c.status}`)).toContain('pickup_on_time:open');
    // A cancellation made after the due time, read ahead of the other topics, is judged on no horizon:
    // the pickup breach it cannot undo stays open instead of being retracted.
    const cancelled = evaluation.applyEvents(
      fired.next,
      [arrived('order.cancelled', orderMs + 2 * DAY, uploadMs)],
      clock(uploadMs - 1_000),
    );
    expect(cancelled.changes.filter((c) => c.standard === 'pickup_on_time')).toEqual([]);
    const state = evaluation.decodeState(cancelled.next!);
    expect(state.breaches).toContainEqual(
      expect.objectContaining({ standard: 'pickup_on_time', status: 'open' }),
    );
  });
});

describe('a held shipment judged again without the clock', () => {
  it('keeps open a breach whose due time moved, but not past the horizon', () => {
    const evaluation = new ShipmentEvaluation({ compiled, retentionMs: 30 * 86_400_000 });
    const HOUR = 3_600_000;
    const orderMs = Date.parse('2026-11-02T01:00:00Z');
    const order = (id: string, timeMs: number, arrivedMs: number, data: Record<string, unknown>) => {
      const event = sampleEvent('order.created', {
        subject: 'SW3',
        id,
        time: new Date(timeMs).toISOString(),
      });
      Object.assign(event.data as Record<string, unknown>, data);
      return { event: event as ContractEvent, timeMs, arrivedMs };
    };
    const clock = (horizonMs: number, nowMs = horizonMs + 1_000) => ({
      nowMs,
      horizonMs,
      evidenceMs: horizonMs,
    });
    const first = order('SW3-1', orderMs, orderMs, {
      promisedDeliveryBy: new Date(orderMs + 10 * HOUR).toISOString(),
    });
    const ordered = evaluation.applyEvents(undefined, [first], clock(orderMs)).next!;
    const fired = evaluation.fireDue('SW3', ordered, clock(orderMs + 30 * HOUR))!;
    expect(fired.changes.map((c) => `${c.standard}:${c.status}`)).toContain('delivered_on_time:open');
    // An order published again, dated a minute earlier (the earliest order counts), promising 20 h:
    // still long past. The same batch opens a clock breach of another segment's pickup, so the
    // shipment is judged again without the clock; the delivery breach must not flap.
    const arrivalMs = orderMs + 30 * HOUR + 500;
    const again = order('SW3-2', orderMs - 60_000, arrivalMs, {
      segment: 'sme',
      promisedDeliveryBy: new Date(orderMs + 20 * HOUR).toISOString(),
    });
    const judged = evaluation.applyEvents(
      fired.next,
      [again],
      clock(orderMs + 30 * HOUR - 1_000, arrivalMs + 100),
    );
    expect(judged.changes.filter((c) => c.standard === 'delivered_on_time')).toEqual([]);
    expect(judged.outcomes.filter((o) => o.standard === 'delivered_on_time')).toEqual([]);
  });
});
