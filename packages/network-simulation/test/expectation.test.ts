import type { EventType } from '@slawatch/contract';
import { describe, expect, it } from 'vitest';
import { judgeShipment, type SimulatedEvent } from '../src/index.js';
import { DEMO_STANDARDS, START_MS } from './support.js';

const S = 1000;

/** An event of the shipment: its type, seconds after the order, and its data. */
type Step = [EventType, number, Record<string, unknown>?];

function shipment(segment: string, product: string, steps: Step[]): SimulatedEvent[] {
  const order: SimulatedEvent = {
    id: 'e0',
    type: 'order.created',
    timeMs: START_MS,
    source: 'oms',
    data: {
      segment,
      product,
      pieces: 2,
      origin: { province: 'Zhejiang', city: 'Hangzhou' },
      destination: { province: 'Shanghai', city: 'Shanghai' },
    },
  };
  return [
    order,
    ...steps.map(([type, seconds, data = {}], i) => ({
      id: `e${i + 1}`,
      type,
      timeMs: START_MS + seconds * S,
      source: 'test',
      data,
    })),
  ];
}

const judged = (events: SimulatedEvent[], nowSeconds = Number.POSITIVE_INFINITY) =>
  judgeShipment(DEMO_STANDARDS, events, START_MS + nowSeconds * S)
    .breaches.map((b) => `${b.standard}:${b.level}:${b.status}`)
    .sort();

const delivered = { pieces: 2, condition: 'intact', handover: 'recipient' };
/** Picked up complete: the order has two pieces. */
const pickedUp = (seconds: number): Step => ['dispatch.picked_up', seconds, { pieces: 2 }];
const hubScans = (...seconds: number[]): Step[] => seconds.map((at) => ['dispatch.hub_scan', at]);
const failedAttempts = (...seconds: number[]): Step[] => seconds.map((at) => ['delivery.attempt_failed', at]);

describe('judgeShipment, on hand-made shipments under the demo standards', () => {
  it('finds nothing in a shipment that keeps every standard', () => {
    const events = shipment('sme', 'next_day', [
      pickedUp(5),
      ...hubScans(10, 15),
      ['dispatch.out_for_delivery', 20],
      ['delivery.delivered', 25, delivered],
    ]);
    expect(judged(events)).toEqual([]);
  });

  it('keeps a deadline breach open when the stop comes late, and opens it on the clock when nothing comes', () => {
    const late = shipment('sme', 'next_day', [pickedUp(25)]);
    expect(judged(late, 26)).toEqual(['pickup_on_time:breach:open']);
    const never = shipment('sme', 'next_day', []);
    expect(judged(never, 19)).toEqual([]);
    expect(judged(never, 20)).toEqual(['pickup_on_time:breach:open']);
  });

  it('lets a cancellation before the due time avoid the deadline', () => {
    expect(judged(shipment('individual', 'standard', [['order.cancelled', 10]]))).toEqual([]);
  });

  it('resolves a silent gap that a later scan ended, and keeps the one still running open', () => {
    const events = shipment('sme', 'next_day', [pickedUp(2), ...hubScans(20)]);
    expect(judged(events, 30)).toEqual(['tracking_keeps_moving:warn:resolved']);
    expect(judged(events, 36)).toEqual([
      'tracking_keeps_moving:warn:open',
      'tracking_keeps_moving:warn:resolved',
    ]);
  });

  it('counts failed attempts beyond the limit and checks consent and pieces on delivery', () => {
    const events = shipment('ecommerce', 'next_day', [
      pickedUp(2),
      ['dispatch.out_for_delivery', 5],
      ...failedAttempts(7, 9, 11),
      ['delivery.delivered', 13, { pieces: 1, condition: 'intact', handover: 'locker', consented: false }],
    ]);
    expect(judged(events)).toEqual([
      'consented_handover:breach:open',
      'delivered_intact_and_complete:breach:open',
      'delivery_attempts_limit:breach:open',
    ]);
  });

  it('times the lost standard from the delivery promise it refers to', () => {
    const events = shipment('sme', 'next_day', [pickedUp(2)]);
    // Shanghai from Hangzhou is inter-province: due in 60 s, lost 60 s after that.
    const lost = judgeShipment(DEMO_STANDARDS, events, Number.POSITIVE_INFINITY).breaches.find(
      (b) => b.standard === 'lost',
    );
    expect(lost?.dueMs).toBe(START_MS + 120 * S);
  });

  it('counts a repeated event id once', () => {
    const events = shipment('sme', 'next_day', [['dispatch.out_for_delivery', 1], ...failedAttempts(2, 3)]);
    const repeated = [...events, { ...events[2]! }, { ...events[3]! }];
    expect(judged(repeated, 4)).not.toContain('delivery_attempts_limit:breach:open');
  });

  it('judges nothing before the order is known', () => {
    const events = shipment('sme', 'next_day', [['dispatch.picked_up', 50, { pieces: 1 }]]).slice(1);
    expect(judged(events)).toEqual([]);
  });
});
