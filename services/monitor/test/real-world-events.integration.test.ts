import type { EventType } from '@slawatch/contract';
import type { BreachChange } from '@slawatch/evaluation';
import { beforeAll, describe, expect, it } from 'vitest';
import { eventually, metricSum } from '../../../test/harness/metrics.js';
import type { ServiceProcess } from '../../../test/harness/service-process.js';
import { isolatedMonitorEnvironment } from '../../../test/harness/topics.js';
import {
  type BreachTopic,
  E2E_STANDARDS,
  measuredByProduct,
  monitorHarness,
  publishAll,
  publishInOrder,
  type ShipmentEvent,
  sleep,
  stateReader,
} from './support.js';

/*
 * What production does to the monitor: evidence that arrives after a deadline
 * fired, events out of order across topics, publishers that send twice,
 * shipments past their retention (crashes: real-world-crashes). Limits are
 * the seconds of the end-to-end standards file (pickup 3 s for individuals,
 * 4 s for key accounts; silence warn 3 s).
 */

const harness = monitorHarness();
const { monitor, breachTopic } = harness;

/** These shipments are measured by product (see measuredByProduct). */
const send = (topics: Record<string, string>, events: ShipmentEvent[]) =>
  publishAll(harness.kafka, topics, events.map(measuredByProduct));
const sendInOrder = (topics: Record<string, string>, events: ShipmentEvent[]) =>
  publishInOrder(harness.kafka, topics, events.map(measuredByProduct));

/**
 * The breaches that stand for a waybill: the last status of each breach, without those retracted
 * (a retracted breach did not happen), with the fields that must not depend on history.
 */
function finalState(changes: BreachChange[]) {
  const last = new Map<string, BreachChange>();
  for (const c of changes) last.set(c.breachId, c);
  return [...last.values()]
    .filter((c) => c.status !== 'retracted')
    .map((c) => ({
      breach: c.breachId.slice(c.waybill.length + 1),
      status: c.status,
      severity: c.severity,
      dueAt: c.dueAt,
    }))
    .sort((a, b) => a.breach.localeCompare(b.breach));
}

describe('one monitor facing late, shuffled and repeated events', () => {
  let topics: ReturnType<typeof isolatedMonitorEnvironment>['topics'];
  let states: ReturnType<typeof stateReader>;
  let service: ServiceProcess;
  let breaches: BreachTopic;

  beforeAll(async () => {
    const isolated = isolatedMonitorEnvironment('real-world', E2E_STANDARDS);
    topics = isolated.topics;
    states = stateReader(harness.redis, isolated.env);
    service = await monitor(isolated.env);
    breaches = await breachTopic(topics.breaches);
  });

  it('retracts a fired deadline when evidence dated before the due time arrives later', async () => {
    const pickupLate = 'LATE-SCAN-UPLOAD';
    const silenceSplit = 'LATE-HUB-SCAN';
    const t0 = Date.now();
    await send(topics, [
      { type: 'order.created', waybill: pickupLate, timeMs: t0 },
      { type: 'order.created', waybill: silenceSplit, timeMs: t0 },
      { type: 'dispatch.picked_up', waybill: silenceSplit, timeMs: t0 + 200 },
    ]);
    const pickupBreach = `${pickupLate}:pickup_on_time:breach:1`;
    const silenceWarn = `${silenceSplit}:tracking_keeps_moving:warn:${t0 + 200}`;
    await eventually('the pickup deadline and the silence warning fired', async () => {
      return breaches.has(pickupBreach, 'open') && breaches.has(silenceWarn, 'open');
    });

    // The outlet's scanner was offline: its pickup (at 1 s, before the 3 s limit) and the
    // delivery arrive only now. A hub scan at 2 s likewise splits the silent gap.
    await send(topics, [
      { type: 'dispatch.picked_up', waybill: pickupLate, timeMs: t0 + 1_000 },
      {
        type: 'delivery.delivered',
        waybill: pickupLate,
        timeMs: t0 + 1_500,
        data: { handover: 'recipient' },
      },
      { type: 'dispatch.hub_scan', waybill: silenceSplit, timeMs: t0 + 2_000 },
      {
        type: 'delivery.delivered',
        waybill: silenceSplit,
        timeMs: t0 + 2_500,
        data: { handover: 'recipient' },
      },
    ]);
    await eventually('both breaches retracted', async () => {
      return breaches.has(pickupBreach, 'retracted') && breaches.has(silenceWarn, 'retracted');
    });
    await sleep(1_000);

    const [opened, retracted] = breaches.of(pickupLate);
    expect(breaches.of(pickupLate).map((c) => [c.breachId, c.status])).toEqual([
      [pickupBreach, 'open'],
      [pickupBreach, 'retracted'],
    ]);
    expect(opened!.evidence).toEqual([]); // the wall clock opened it
    expect(retracted!.evidence).toEqual([`${pickupLate}-dispatch.picked_up`]);
    expect(retracted).toMatchObject({ standard: 'pickup_on_time', level: 'breach', severity: 'major' });
    expect(Date.parse(retracted!.detectedAt)).toBeGreaterThan(Date.parse(opened!.detectedAt));

    expect(breaches.of(silenceSplit).map((c) => [c.breachId, c.status])).toEqual([
      [silenceWarn, 'open'],
      [silenceWarn, 'retracted'],
    ]);
    // The hub scan and the delivery travel on different topics: whichever is judged first splits the gap.
    expect([[`${silenceSplit}-dispatch.hub_scan`], [`${silenceSplit}-delivery.delivered`]]).toContainEqual(
      breaches.of(silenceSplit)[1]!.evidence,
    );
  });

  it('judges a late upload as a whole: no page for deadlines that the same upload closes', async () => {
    // A scanner offline for a minute uploads a pickup, then (another topic, 300 ms later) the delivery.
    // The pickup reveals deadlines long past due (silence, delivery promise, lost); they wait until
    // every topic is read past the pickup's arrival, so the delivery closes them before they fire.
    // A second shipment's upload has no delivery: its deadlines fire once the hold is over.
    const uploaded = 'UPLOAD-WHOLE';
    const undelivered = 'UPLOAD-NO-DELIVERY';
    const base = Date.now() - 60_000;
    const pickupBreach = (w: string) => `${w}:pickup_on_time:breach:1`;
    await send(topics, [
      { type: 'order.created', waybill: uploaded, timeMs: base },
      { type: 'order.created', waybill: undelivered, timeMs: base },
    ]);
    await eventually('the pickup deadlines fired', async () => {
      return breaches.has(pickupBreach(uploaded), 'open') && breaches.has(pickupBreach(undelivered), 'open');
    });
    await send(topics, [
      { type: 'dispatch.picked_up', waybill: uploaded, timeMs: base + 1_000 },
      { type: 'dispatch.picked_up', waybill: undelivered, timeMs: base + 1_000 },
    ]);
    await sleep(300);
    await send(topics, [
      {
        type: 'delivery.delivered',
        waybill: uploaded,
        timeMs: base + 1_500,
        data: { handover: 'recipient' },
      },
    ]);
    const critical = `${undelivered}:tracking_keeps_moving:critical:${base + 1_000}`;
    await eventually('the undelivered shipment is suspected lost', async () =>
      breaches.has(critical, 'open'),
    );
    await eventually('the late pickup retracted the pickup breach', async () => {
      return breaches.has(pickupBreach(uploaded), 'retracted');
    });
    await sleep(1_500);
    expect(breaches.of(uploaded).map((c) => [c.breachId, c.status])).toEqual([
      [pickupBreach(uploaded), 'open'],
      [pickupBreach(uploaded), 'retracted'],
    ]);
    expect(finalState(breaches.of(undelivered)).map((b) => b.breach)).toEqual(
      expect.arrayContaining(['delivered_on_time:breach:1', 'lost:breach:1']),
    );
  });

  it('ends with the same breaches whether events arrive in order or shuffled across topics', async () => {
    // Dated a minute ago, so every limit has passed by the time anything is judged.
    const base = Date.now() - 60_000;
    const lifecycle = (waybill: string): ShipmentEvent[] => [
      { type: 'order.created', waybill, timeMs: base },
      { type: 'dispatch.picked_up', waybill, timeMs: base + 4_000 }, // pickup 3 s: late
      { type: 'dispatch.hub_scan', waybill, timeMs: base + 5_000, id: `${waybill}-hub-1` },
      { type: 'dispatch.hub_scan', waybill, timeMs: base + 9_000, id: `${waybill}-hub-2` }, // 4 s quiet: warn
      { type: 'dispatch.out_for_delivery', waybill, timeMs: base + 10_000 },
      ...[1, 2, 3].map((n) => ({
        type: 'delivery.attempt_failed' as const,
        waybill,
        timeMs: base + 10_000 + n * 200,
        id: `${waybill}-attempt-${n}`,
      })),
      // 5 s from pickup is due at 9 s, lost at 15 s: delivered late but not lost, in a locker without consent.
      {
        type: 'delivery.delivered',
        waybill,
        timeMs: base + 11_500,
        data: { handover: 'locker', consented: false },
      },
    ];
    const inOrder = lifecycle('IN-ORDER');
    const shuffledEvents = lifecycle('SHUFFLED');
    const byType = (type: EventType) => shuffledEvents.filter((e) => e.type === type);
    const shuffled = [
      ...byType('dispatch.hub_scan').reverse(), // hub scans before the pickup, the later one first
      ...byType('delivery.delivered'), // delivered before out for delivery and the attempts
      ...byType('delivery.attempt_failed').reverse(),
      ...byType('dispatch.out_for_delivery'),
      ...byType('dispatch.picked_up'),
      ...byType('order.created'), // the order topic lags most
    ];
    expect(shuffled).toHaveLength(inOrder.length);
    await sendInOrder(topics, inOrder);
    await sendInOrder(topics, shuffled);

    const expected = [
      { breach: 'consented_handover:breach:1', status: 'open', severity: 'major', dueAt: null },
      { breach: 'delivered_on_time:breach:1', status: 'open', severity: 'major', dueAt: iso(base + 9_000) },
      { breach: 'delivery_attempts_limit:breach:1', status: 'open', severity: 'major', dueAt: null },
      { breach: 'pickup_on_time:breach:1', status: 'open', severity: 'major', dueAt: iso(base + 3_000) },
      {
        breach: `tracking_keeps_moving:warn:${base + 5_000}`,
        status: 'resolved',
        severity: 'minor',
        dueAt: iso(base + 8_000),
      },
    ];
    await eventually('both shipments judged', async () => {
      const settled = (w: string) => JSON.stringify(finalState(breaches.of(w))) === JSON.stringify(expected);
      return settled('IN-ORDER') && settled('SHUFFLED');
    });
    await sleep(1_000);
    expect(finalState(breaches.of('IN-ORDER'))).toEqual(expected);
    expect(finalState(breaches.of('SHUFFLED'))).toEqual(finalState(breaches.of('IN-ORDER')));
    // The histories may differ (documented): a record that arrived ahead of the other topics holds
    // the deadlines it reveals until they are read past its arrival, so in order, with the wall clock
    // a minute ahead, an event no longer opens what the next one retracts (19 retractions before the
    // hold); one whose publishing took longer than the tolerance still may.
    const retracted = (w: string) => breaches.of(w).filter((c) => c.status === 'retracted').length;
    console.info(
      `[out of order] retracted on the way: in order ${retracted('IN-ORDER')}, shuffled ${retracted('SHUFFLED')}`,
    );
  });

  it('reports a breach once however often its events are published', async () => {
    const waybill = 'SENT-TWICE';
    const t0 = Date.now();
    const events: ShipmentEvent[] = [
      { type: 'order.created', waybill, timeMs: t0 - 5_500 },
      { type: 'order.stockout', waybill, timeMs: t0 - 5_400 },
      { type: 'dispatch.picked_up', waybill, timeMs: t0 - 2_000 }, // 3.5 s after the order: late
      { type: 'dispatch.hub_scan', waybill, timeMs: t0 - 1_500 },
      { type: 'dispatch.out_for_delivery', waybill, timeMs: t0 - 1_200 },
      {
        type: 'delivery.delivered',
        waybill,
        timeMs: t0 - 1_000,
        data: { condition: 'damaged', handover: 'recipient' },
      },
    ];
    // A second shipment whose deadline fires from the clock, then its order is published again.
    const clockWaybill = 'ORDER-SENT-TWICE';
    const order: ShipmentEvent = { type: 'order.created', waybill: clockWaybill, timeMs: t0 };
    const seenBefore = await metricSum(service.url, 'slawatch_events_total', {});
    const duplicatesBefore = await metricSum(service.url, 'slawatch_events_total', { result: 'duplicate' });

    // Each event twice in a row (one batch), then the whole shipment again later.
    await send(topics, [...events.flatMap((e) => [e, e]), order]);
    const wanted = [
      `${waybill}:pickup_on_time:breach:1|open`,
      `${waybill}:stockout:breach:1|open`,
      `${waybill}:delivered_intact_and_complete:breach:1|open`,
      `${clockWaybill}:pickup_on_time:breach:1|open`,
    ];
    const seen = () => new Set(breaches.changes.map((c) => `${c.breachId}|${c.status}`));
    await eventually('the breaches of the first copies', async () => wanted.every((k) => seen().has(k)));
    await send(topics, [...events, order]);
    const sent = events.length * 3 + 2;
    await eventually('every copy seen by the monitor', async () => {
      return (await metricSum(service.url, 'slawatch_events_total', {})) - seenBefore === sent;
    });
    await sleep(1_500);

    const duplicates =
      (await metricSum(service.url, 'slawatch_events_total', { result: 'duplicate' })) - duplicatesBefore;
    expect(duplicates).toBe(events.length * 2 + 1);
    const mine = breaches.changes.filter((c) => c.waybill === waybill || c.waybill === clockWaybill);
    // No change twice. (Under load the monitor may judge the pickup before the later scans and open a
    // silence breach that they retract; that is late evidence, not a repeat, and it stands nowhere.)
    const keys = mine.map((c) => `${c.breachId}|${c.status}`);
    expect(keys.length).toBe(new Set(keys).size);
    const standing = [...finalState(breaches.of(waybill)), ...finalState(breaches.of(clockWaybill))];
    expect(standing.map((b) => b.breach).sort()).toEqual(
      wanted.map((k) => k.split('|')[0]!.replace(/^[^:]+:/, '')).sort(),
    );
    expect(standing.every((b) => b.status === 'open')).toBe(true);
  });

  // Both shipments' last events are eight days old: past the 7-day retention of a finished shipment.
  const eightDaysAgo = () => Date.now() - 8 * 86_400_000;

  it('forgets a finished shipment once its retention has passed', async () => {
    const waybill = 'FINISHED-LONG-AGO';
    const t = eightDaysAgo();
    await send(topics, [
      { type: 'order.created', waybill, timeMs: t },
      { type: 'dispatch.picked_up', waybill, timeMs: t + 500 },
      { type: 'delivery.delivered', waybill, timeMs: t + 1_000, data: { handover: 'recipient' } },
    ]);
    await eventually('the shipment was stored', async () => {
      return (await metricSum(service.url, 'slawatch_events_total', { type: 'delivery.delivered' })) > 0;
    });
    await eventually(
      'the shipment was deleted',
      async () => !(await states.states([waybill])).has(waybill),
      10_000,
    );
  });

  it('keeps the events of a waybill whose order has not come, and judges nothing', async () => {
    const waybill = 'ORDER-NOT-YET';
    const t = Date.now() - 60_000;
    await send(topics, [
      { type: 'dispatch.picked_up', waybill, timeMs: t + 500 },
      { type: 'delivery.delivered', waybill, timeMs: t + 1_000, data: { handover: 'recipient' } },
    ]);
    await eventually('the events were stored', async () => {
      return (await states.states([waybill])).get(waybill)?.events.length === 2;
    });
    await sleep(1_000);
    expect(breaches.of(waybill)).toEqual([]);
  });

  // A waybill whose order never came is never judged; it expires like a finished shipment,
  // retention after its latest event (eight days ago here, beyond the retention).
  it('forgets a waybill whose order never came once the retention has passed', async () => {
    const waybill = 'ORDER-NEVER-CAME';
    const t = eightDaysAgo();
    const accepted = () => metricSum(service.url, 'slawatch_events_total', { result: 'accepted' });
    const before = await accepted();
    await send(topics, [
      { type: 'dispatch.picked_up', waybill, timeMs: t + 500 },
      { type: 'delivery.delivered', waybill, timeMs: t + 1_000, data: { handover: 'recipient' } },
    ]);
    await eventually('the events were accepted', async () => (await accepted()) >= before + 2);
    await eventually(
      'the orphan was deleted',
      async () => !(await states.states([waybill])).has(waybill),
      10_000,
    );
    expect(breaches.of(waybill)).toEqual([]);
  });
});

function iso(ms: number) {
  return new Date(ms).toISOString();
}
