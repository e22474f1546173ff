import { describe, expect, it } from 'vitest';
import {
  DAY,
  delivered,
  event,
  HOUR,
  inOrder,
  type OrderOptions,
  order,
  outForDelivery,
  pickup,
  play,
  standing,
  T0,
  WAYBILL,
} from './shipment.js';

const onTime = `${WAYBILL}:delivered_on_time:breach:1`;

/** The due time the delivered-on-time breach reports for an order never delivered. */
function dueOf(orderMs: number, options: OrderOptions, pickupMs?: number): string | null | undefined {
  const events = [order(orderMs, options), ...(pickupMs === undefined ? [] : [pickup(pickupMs)])];
  const run = play(inOrder(events), orderMs + 30 * DAY);
  return run.changes.find((c) => c.breachId === onTime)?.dueAt;
}

describe('delivered on time: calendar products in Asia/Shanghai with an 18:00 cut-off', () => {
  it('same_day is due at the end of the local order day', () => {
    expect(dueOf(T0, { product: 'same_day' })).toBe('2026-11-02T15:59:59.999Z');
  });

  it('next_day and second_day are due at the end of D+1 and D+2', () => {
    expect(dueOf(T0, { product: 'next_day' })).toBe('2026-11-03T15:59:59.999Z');
    expect(dueOf(T0, { product: 'second_day' })).toBe('2026-11-04T15:59:59.999Z');
  });

  it('counts an order after the cut-off as the next day', () => {
    const evening = Date.parse('2026-11-02T11:30:00Z'); // 19:30 in Shanghai
    expect(dueOf(evening, { product: 'same_day' })).toBe('2026-11-03T15:59:59.999Z');
    const justBefore = Date.parse('2026-11-02T09:59:00Z'); // 17:59 in Shanghai
    expect(dueOf(justBefore, { product: 'same_day' })).toBe('2026-11-02T15:59:59.999Z');
  });

  it('uses the local date, not the UTC date, for an order placed before 08:00 local', () => {
    const early = Date.parse('2026-11-02T23:00:00Z'); // 07:00 on 3 November in Shanghai
    expect(dueOf(early, { product: 'same_day' })).toBe('2026-11-03T15:59:59.999Z');
    const lateNight = Date.parse('2026-11-02T15:30:00Z'); // 23:30 on 2 November: after the cut-off
    expect(dueOf(lateNight, { product: 'next_day' })).toBe('2026-11-04T15:59:59.999Z');
  });

  it('adds 48 h on a remote route', () => {
    expect(dueOf(T0, { product: 'next_day', to: 'urumqi' })).toBe('2026-11-05T15:59:59.999Z');
  });
});

describe('delivered on time: promised time and the standard product', () => {
  it('takes the promised time when the order carries one', () => {
    expect(dueOf(T0, { product: 'next_day', promisedDeliveryBy: '2026-11-06T12:00:00+08:00' })).toBe(
      '2026-11-06T04:00:00.000Z',
    );
  });

  it('measures the standard product from pickup: 24 h same city, 48 h intra-province, 72 h inter-province, +48 h remote', () => {
    const p = T0 + 5 * HOUR;
    expect(dueOf(T0, { to: 'shanghai' }, p)).toBe(new Date(p + 24 * HOUR).toISOString());
    expect(dueOf(T0, { from: 'suzhou', to: 'nanjing' }, p)).toBe(new Date(p + 48 * HOUR).toISOString());
    expect(dueOf(T0, { to: 'beijing' }, p)).toBe(new Date(p + 72 * HOUR).toISOString());
    expect(dueOf(T0, { to: 'urumqi' }, p)).toBe(new Date(p + 120 * HOUR).toISOString());
  });

  it('waits for the pickup before the standard product has a due time', () => {
    const run = play(inOrder([order(T0)]), T0 + HOUR);
    expect(run.deadlines.has('delivered_on_time:breach')).toBe(false);
    const picked = play(inOrder([order(T0), pickup(T0 + HOUR)]), T0 + HOUR);
    expect(picked.deadlines.get('delivered_on_time:breach')).toBe(T0 + 73 * HOUR);
  });

  it('is met by a delivery in time and breached by one after', () => {
    const inTime = play(inOrder([order(T0), pickup(T0 + HOUR), delivered(T0 + 70 * HOUR)]), T0 + 20 * DAY);
    expect(standing(inTime, 'delivered_on_time')).toEqual({});
    expect(inTime.outcomes.find((o) => o.standard === 'delivered_on_time')?.met).toBe(true);
    const late = play(inOrder([order(T0), pickup(T0 + HOUR), delivered(T0 + 80 * HOUR)]), T0 + 20 * DAY);
    expect(standing(late, 'delivered_on_time')).toEqual({ [onTime]: 'open' });
  });

  it('retracts the breach when a delayed delivered event shows the parcel arrived in time', () => {
    const run = play(
      [
        { event: order(T0) },
        { event: pickup(T0 + HOUR) },
        { event: delivered(T0 + 72 * HOUR), arriveMs: T0 + 74 * HOUR },
      ],
      T0 + 20 * DAY,
    );
    expect(run.changes.filter((c) => c.breachId === onTime).map((c) => c.status)).toEqual([
      'open',
      'retracted',
    ]);
    expect(standing(run, 'delivered_on_time')).toEqual({});
  });
});

describe('lost', () => {
  const lost = `${WAYBILL}:lost:breach:1`;

  it('is promise + 7 days on an out-of-town route and + 3 days in the same city', () => {
    const promise = '2026-11-05T12:00:00+08:00';
    const far = play(inOrder([order(T0, { promisedDeliveryBy: promise })]), T0 + 30 * DAY);
    expect(far.changes.find((c) => c.breachId === lost)?.dueAt).toBe(
      new Date(Date.parse(promise) + 7 * DAY).toISOString(),
    );
    expect(far.changes.find((c) => c.breachId === lost)?.severity).toBe('critical');
    const near = play(inOrder([order(T0, { promisedDeliveryBy: promise, to: 'shanghai' })]), T0 + 30 * DAY);
    expect(near.changes.find((c) => c.breachId === lost)?.dueAt).toBe(
      new Date(Date.parse(promise) + 3 * DAY).toISOString(),
    );
  });

  it('follows the product limit when there is no promised time', () => {
    const run = play(inOrder([order(T0, { product: 'next_day' })]), T0 + 30 * DAY);
    expect(run.changes.find((c) => c.breachId === lost)?.dueAt).toBe(
      new Date(Date.parse('2026-11-03T15:59:59.999Z') + 7 * DAY).toISOString(),
    );
  });

  it('is not breached when the parcel is delivered late but before the lost limit', () => {
    const run = play(inOrder([order(T0), pickup(T0 + HOUR), delivered(T0 + 5 * DAY)]), T0 + 30 * DAY);
    expect(standing(run, 'lost')).toEqual({});
    expect(standing(run, 'delivered_on_time')).toEqual({ [onTime]: 'open' });
  });
});

describe('delivery attempt', () => {
  const attempt = `${WAYBILL}:delivery_attempt_made:breach:1`;
  const attempts = `${WAYBILL}:delivery_attempts_limit:breach:1`;
  const failed = (timeMs: number) => event('delivery.attempt_failed', timeMs, { reason: 'nobody home' });

  it('breaches when out for delivery and neither delivered nor attempted within 8 h', () => {
    const start = T0 + DAY;
    const none = play(inOrder([order(T0), pickup(T0 + HOUR), outForDelivery(start)]), start + 9 * HOUR);
    expect(none.changes.find((c) => c.breachId === attempt)?.dueAt).toBe(
      new Date(start + 8 * HOUR).toISOString(),
    );
    const tried = play(
      inOrder([order(T0), pickup(T0 + HOUR), outForDelivery(start), failed(start + 7 * HOUR)]),
      start + 9 * HOUR,
    );
    expect(tried.changes.some((c) => c.breachId === attempt)).toBe(false);
  });

  it('breaches on the third failed attempt, not the second', () => {
    const base = [order(T0), pickup(T0 + HOUR), failed(T0 + DAY), failed(T0 + 2 * DAY)];
    expect(standing(play(inOrder(base), T0 + 2 * DAY))[attempts]).toBeUndefined();
    const third = failed(T0 + 3 * DAY);
    const run = play(inOrder([...base, third]), T0 + 3 * DAY);
    expect(run.changes.find((c) => c.breachId === attempts)).toMatchObject({
      status: 'open',
      evidence: [third.id],
    });
  });
});
