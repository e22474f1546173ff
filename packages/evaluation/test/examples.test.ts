import { describe, expect, it } from 'vitest';
import {
  type Arrival,
  DAY,
  defaults,
  delivered,
  HOUR,
  hubScan,
  order,
  outForDelivery,
  pickup,
  play,
  standing,
  T0,
} from './shipment.js';

/** A shipment with a late pickup, a 50-hour silence and a short, damaged delivery. */
const events = [
  order(T0, { pieces: 2, product: 'next_day' }),
  pickup(T0 + 3 * HOUR, 2),
  hubScan(T0 + 10 * HOUR),
  hubScan(T0 + 60 * HOUR),
  outForDelivery(T0 + 70 * HOUR),
  delivered(T0 + 75 * HOUR, { pieces: 1, condition: 'damaged' }),
];
const until = T0 + 30 * DAY;
const expected = standing(
  play(
    events.map((event) => ({ event })),
    until,
  ),
);

describe('out-of-order arrival, by example', () => {
  it('has the breaches one expects in order', () => {
    expect(Object.keys(expected).map((id) => id.split(':').slice(1, 3).join(':'))).toEqual([
      'delivered_intact_and_complete:breach',
      'delivered_on_time:breach',
      'pickup_on_time:breach',
      'tracking_keeps_moving:breach',
      'tracking_keeps_moving:warn',
    ]);
  });

  it('ends the same when the hub scan comes before the pickup', () => {
    const arrivals: Arrival[] = events.map((event) => ({ event }));
    arrivals[1] = { event: events[1]!, arriveMs: T0 + 11 * HOUR };
    expect(standing(play(arrivals, until))).toEqual(expected);
  });

  it('ends the same when the delivery comes before the out-for-delivery scan', () => {
    const arrivals: Arrival[] = events.map((event) => ({ event }));
    arrivals[4] = { event: events[4]!, arriveMs: T0 + 76 * HOUR };
    expect(standing(play(arrivals, until))).toEqual(expected);
  });

  it('ends the same when order.created comes last, days late', () => {
    const arrivals: Arrival[] = events.map((event) => ({ event }));
    arrivals[0] = { event: events[0]!, arriveMs: T0 + 5 * DAY };
    expect(standing(play(arrivals, until))).toEqual(expected);
  });

  it('ends the same when everything arrives at once in reverse', () => {
    const arrivals = [...events].reverse().map((event, i) => ({ event, arriveMs: T0 + 10 * DAY + i }));
    expect(standing(play(arrivals, until))).toEqual(expected);
  });
});

describe('compiled standards', () => {
  it('know which standards each event type touches', () => {
    const ids = (type: Parameters<typeof defaults.byEventType.get>[0]) =>
      defaults.byEventType.get(type)?.map((s) => s.id);
    expect(ids('dispatch.hub_scan')).toEqual(['tracking_keeps_moving']);
    expect(ids('order.created')).toHaveLength(defaults.standards.length);
    expect(ids('aftersales.claim_settled')).toEqual(['tracking_keeps_moving', 'claim_settled']);
    // lost is measured from delivered_on_time, which for the standard product is measured from pickup.
    expect(ids('dispatch.picked_up')).toContain('lost');
  });
});
