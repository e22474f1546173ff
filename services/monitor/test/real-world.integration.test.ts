import { type EventType, sampleEvent, topicFamilyOf } from '@slawatch/contract';
import type { BreachChange } from '@slawatch/evaluation';
import type { OutgoingRecord } from '@slawatch/kafka';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { testKafka, testRedis, uniqueName } from '../../../test/harness/isolation.js';
import { eventually, metricSum } from '../../../test/harness/metrics.js';
import { type ServiceProcess, startService } from '../../../test/harness/service-process.js';
import { isolatedMonitorEnvironment } from '../../../test/harness/topics.js';
import { stateReader } from './support.js';

/*
 * What production does to the monitor: evidence that arrives after a deadline
 * fired, events out of order across topics, publishers that send twice, a
 * process killed mid-stream, an instance of a group lost while its deadlines
 * are pending. Limits are the seconds of the end-to-end standards file
 * (pickup 3 s for individuals, 4 s for key accounts; silence warn 3 s).
 */

const STANDARDS_ENV = {
  STANDARDS_FILE: 'services/monitor/test/fixtures/e2e-standards.yaml',
  DEADLINE_POLL_INTERVAL_MS: '100',
};

const kafka = testKafka();
const redis = testRedis();
const running: ServiceProcess[] = [];
const readers: Array<{ stop(): Promise<void> }> = [];
afterAll(async () => {
  await Promise.allSettled(readers.map((r) => r.stop()));
  await Promise.allSettled(running.map((s) => s.kill()));
  await redis.quit();
});

async function monitor(env: Record<string, string>) {
  const service = await startService('monitor', env);
  running.push(service);
  return service;
}

/** Every breach change published to the topic since it was created, in arrival order, raw and parsed. */
async function breachTopic(topic: string) {
  const raw: string[] = [];
  const changes: BreachChange[] = [];
  const consumer = kafka.consumer({ groupId: uniqueName('breach-reader'), topics: [topic] });
  readers.push(consumer);
  await consumer.start(async (batch) => {
    for (const record of batch.records) {
      raw.push(String(record.value));
      changes.push(JSON.parse(String(record.value)) as BreachChange);
    }
  });
  return {
    raw,
    changes,
    of: (waybill: string) => changes.filter((c) => c.waybill === waybill),
    has: (breachId: string, status: string) =>
      changes.some((c) => c.breachId === breachId && c.status === status),
  };
}

interface ShipmentEvent {
  type: EventType;
  waybill: string;
  /** Event time, epoch ms. */
  timeMs: number;
  data?: Record<string, unknown>;
  /** Defaults to `<waybill>-<type>`; shipments with two events of a type name them. */
  id?: string;
}

function recordOf(e: ShipmentEvent): { topicFamily: string; record: OutgoingRecord } {
  const event = sampleEvent(e.type, {
    subject: e.waybill,
    id: e.id ?? `${e.waybill}-${e.type}`,
    time: new Date(e.timeMs).toISOString(),
  });
  const data = event.data as Record<string, unknown>;
  // The sample's promise is a fixed date in the past; these shipments are measured by product.
  if (e.type === 'order.created') {
    delete data['promisedDeliveryBy'];
    Object.assign(data, { segment: 'individual', product: 'standard' });
  }
  Object.assign(data, e.data ?? {});
  return { topicFamily: topicFamilyOf(e.type), record: { key: e.waybill, value: JSON.stringify(event) } };
}

/** Sends the events in the given order, each acknowledged before the next is sent, whatever its topic. */
async function publishInOrder(topics: Record<string, string>, events: ShipmentEvent[]) {
  const producer = kafka.producer();
  await producer.connect();
  try {
    for (const e of events) {
      const { topicFamily, record } = recordOf(e);
      await producer.send(topics[topicFamily]!, [record]);
    }
  } finally {
    await producer.disconnect();
  }
}

/** Sends many events at once, grouped by topic (the order within a topic is kept). */
async function publishAll(topics: Record<string, string>, events: ShipmentEvent[]) {
  const byTopic = new Map<string, OutgoingRecord[]>();
  for (const e of events) {
    const { topicFamily, record } = recordOf(e);
    const topic = topics[topicFamily]!;
    byTopic.set(topic, [...(byTopic.get(topic) ?? []), record]);
  }
  const producer = kafka.producer();
  await producer.connect();
  try {
    await producer.sendMany(byTopic);
  } finally {
    await producer.disconnect();
  }
}

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

/** Counts (breachId, status) pairs seen more than once, and checks that every repeat is the same record. */
function repeats(topic: { raw: string[]; changes: BreachChange[] }) {
  const byKey = new Map<string, string[]>();
  topic.changes.forEach((c, i) => {
    const key = `${c.breachId}|${c.status}`;
    byKey.set(key, [...(byKey.get(key) ?? []), topic.raw[i]!]);
  });
  let repeated = 0;
  const conflicting: string[] = [];
  for (const [key, copies] of byKey) {
    repeated += copies.length - 1;
    // The relay is at least once: a repeat must be the very same change, never a second judgement.
    if (new Set(copies).size > 1) conflicting.push(key);
  }
  return { distinct: byKey.size, repeated, conflicting, keys: new Set(byKey.keys()) };
}

const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

describe('one monitor facing late, shuffled and repeated events', () => {
  let topics: ReturnType<typeof isolatedMonitorEnvironment>['topics'];
  let states: ReturnType<typeof stateReader>;
  let service: ServiceProcess;
  let breaches: Awaited<ReturnType<typeof breachTopic>>;

  beforeAll(async () => {
    const isolated = isolatedMonitorEnvironment('real-world', STANDARDS_ENV);
    topics = isolated.topics;
    states = stateReader(redis, isolated.env);
    service = await monitor(isolated.env);
    breaches = await breachTopic(topics.breaches);
  });

  it('retracts a fired deadline when evidence dated before the due time arrives later', async () => {
    const pickupLate = 'LATE-SCAN-UPLOAD';
    const silenceSplit = 'LATE-HUB-SCAN';
    const t0 = Date.now();
    await publishAll(topics, [
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
    await publishAll(topics, [
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
    await publishInOrder(topics, inOrder);
    await publishInOrder(topics, shuffled);

    const expected = [
      { breach: 'consented_handover:breach:1', status: 'open', severity: 'major', dueAt: undefined },
      { breach: 'delivered_on_time:breach:1', status: 'open', severity: 'major', dueAt: iso(base + 9_000) },
      { breach: 'delivery_attempts_limit:breach:1', status: 'open', severity: 'major', dueAt: undefined },
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
    // The histories differ (documented): in order, with the wall clock a minute ahead, each event
    // opens what the next one retracts (e.g. silence after the pickup until the hub scan).
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
    await publishAll(topics, [...events.flatMap((e) => [e, e]), order]);
    const wanted = [
      `${waybill}:pickup_on_time:breach:1|open`,
      `${waybill}:stockout:breach:1|open`,
      `${waybill}:delivered_intact_and_complete:breach:1|open`,
      `${clockWaybill}:pickup_on_time:breach:1|open`,
    ];
    const seen = () => new Set(breaches.changes.map((c) => `${c.breachId}|${c.status}`));
    await eventually('the breaches of the first copies', async () => wanted.every((k) => seen().has(k)));
    await publishAll(topics, [...events, order]);
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
    await publishAll(topics, [
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
    await publishAll(topics, [
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
    await publishAll(topics, [
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

/** Never picked up, so each gets exactly one `open` pickup breach: the expected set is known by construction. */
function unpickedOrders(prefix: string, from: number, count: number, timeMs: number): ShipmentEvent[] {
  return Array.from({ length: count }, (_, i) => ({
    type: 'order.created' as const,
    waybill: `${prefix}${String(from + i).padStart(6, '0')}`,
    timeMs,
  }));
}

describe('crashes', () => {
  it('loses no breach and judges none twice when the monitor is killed mid-stream', async () => {
    const { topics, env } = isolatedMonitorEnvironment('kill-mid-stream', STANDARDS_ENV);
    const first = await monitor(env);
    const breaches = await breachTopic(topics.breaches);

    // 300 shipments never picked up, published in waves half a second apart so their deadlines
    // fire over several seconds; 100 more with a stockout too (a breach judged on the event).
    // Only orders: no later event can retract anything, so each breach is known by construction.
    const waves = 10;
    const perWave = 30;
    const stockoutsPerWave = 10;
    let killedAfterWave = -1;
    for (let wave = 0; wave < waves; wave++) {
      const now = Date.now();
      const stockouts = unpickedOrders('STOCKOUT', wave * stockoutsPerWave, stockoutsPerWave, now).flatMap(
        (order) => [order, { type: 'order.stockout' as const, waybill: order.waybill, timeMs: now + 100 }],
      );
      await publishAll(topics, [...unpickedOrders('UNPICKED', wave * perWave, perWave, now), ...stockouts]);
      // Killed as soon as the first deadlines have fired and been published: mid-firing, mid-relay.
      if (killedAfterWave < 0 && breaches.changes.some((c) => c.standard === 'pickup_on_time')) {
        await first.kill();
        killedAfterWave = wave;
      }
      await sleep(500);
    }
    if (killedAfterWave < 0) {
      await eventually('a first deadline fired', async () =>
        breaches.changes.some((c) => c.standard === 'pickup_on_time'),
      );
      await first.kill();
    }
    const atKill = breaches.changes.length;
    const second = await monitor(env);

    const stockoutOrders = unpickedOrders('STOCKOUT', 0, waves * stockoutsPerWave, 0);
    const expected = [
      ...unpickedOrders('UNPICKED', 0, waves * perWave, 0).map(
        (e) => `${e.waybill}:pickup_on_time:breach:1|open`,
      ),
      ...stockoutOrders.map((e) => `${e.waybill}:pickup_on_time:breach:1|open`),
      ...stockoutOrders.map((e) => `${e.waybill}:stockout:breach:1|open`),
    ];
    await eventually(
      'every expected breach on the topic',
      async () => {
        const { keys } = repeats(breaches);
        return expected.every((k) => keys.has(k));
      },
      60_000,
    );
    await sleep(2_000);
    const { distinct, repeated, conflicting, keys } = repeats(breaches);
    console.info(
      `[kill mid-stream] killed after wave ${killedAfterWave} with ${atKill} changes published; ` +
        `${distinct} distinct changes, ${repeated} repeated (${((100 * repeated) / distinct).toFixed(1)} %)`,
    );
    expect(conflicting).toEqual([]);
    expect([...keys].sort()).toEqual([...expected].sort());
    expect(await metricSum(second.url, 'slawatch_dead_letters_total')).toBe(0);
  }, 150_000);

  it('fires every deadline once with two monitors in a group, also after one is killed', async () => {
    const { topics, env } = isolatedMonitorEnvironment('group-kill', {
      ...STANDARDS_ENV,
      KAFKA_PARTITIONS: '4',
    });
    const first = await monitor(env);
    const second = await monitor(env);
    const breaches = await breachTopic(topics.breaches);
    const accepted = async () =>
      (await metricSum(first.url, 'slawatch_events_total', { result: 'accepted' }).catch(() => 0)) +
      (await metricSum(second.url, 'slawatch_events_total', { result: 'accepted' }));
    await eventually('both monitors own a share of the 16 partitions', async () => {
      const owned = (s: ServiceProcess) => Object.values(assignmentOf(s) ?? {}).flat().length;
      return owned(first) > 0 && owned(second) > 0 && owned(first) + owned(second) === 16;
    });

    // Wave one: both alive; each fires the deadlines of its own partitions.
    await publishAll(topics, unpickedOrders('PAIR-A', 0, 100, Date.now()));
    await eventually('wave one accepted', async () => (await accepted()) === 100);
    await eventually(
      'wave one fired',
      async () => breaches.changes.filter((c) => c.waybill.startsWith('PAIR-A')).length >= 100,
    );
    const firedByFirst = await metricSum(first.url, 'slawatch_breaches_published_total');
    const firedBySecond = await metricSum(second.url, 'slawatch_breaches_published_total');

    // Wave two: taken by both, then one is killed before any of its deadlines (3 s) is due. Its
    // partitions come to the survivor only after the session timeout, which fires them late.
    await publishAll(topics, unpickedOrders('PAIR-B', 0, 100, Date.now()));
    // Usually both have taken their share by now; if not, the survivor reads the rest after the takeover.
    await eventually('wave two accepted', async () => (await accepted()) === 200, 2_500).catch(
      () => undefined,
    );
    const killedAt = Date.now();
    await first.kill();

    const expected = [
      ...unpickedOrders('PAIR-A', 0, 100, 0).map((e) => `${e.waybill}:pickup_on_time:breach:1|open`),
      ...unpickedOrders('PAIR-B', 0, 100, 0).map((e) => `${e.waybill}:pickup_on_time:breach:1|open`),
    ];
    await eventually(
      'every deadline of both waves fired',
      async () => {
        const { keys } = repeats(breaches);
        return expected.every((k) => keys.has(k));
      },
      60_000,
    );
    const tookOverAfterMs = Date.now() - killedAt;
    await sleep(2_000);
    const { distinct, repeated, conflicting, keys } = repeats(breaches);
    console.info(
      `[group kill] wave one fired by ${firedByFirst} + ${firedBySecond}; all of wave two on the topic ` +
        `${tookOverAfterMs} ms after the kill; ${repeated} of ${distinct} changes repeated`,
    );
    expect(firedByFirst).toBeGreaterThan(0);
    expect(firedBySecond).toBeGreaterThan(0);
    expect(conflicting).toEqual([]);
    // Nothing crashed while wave one was published: exactly once, not merely at least once.
    const waveOne = breaches.changes.filter((c) => c.waybill.startsWith('PAIR-A'));
    expect(waveOne).toHaveLength(100);
    expect([...keys].sort()).toEqual([...expected].sort());
    // The survivor fired what the killed one left pending: after the kill it published the rest.
    const lateFired = breaches.changes.filter(
      (c) => c.waybill.startsWith('PAIR-B') && Date.parse(c.detectedAt) > killedAt + 5_000,
    );
    expect(lateFired.length).toBeGreaterThan(0);
  }, 150_000);
});

/** The last assignment a monitor logged. */
function assignmentOf(service: ServiceProcess): Record<string, number[]> | undefined {
  const lines = service.output
    .join('')
    .split('\n')
    .filter((l) => l.includes('partitions assigned'));
  const last = lines.at(-1);
  return last ? (JSON.parse(last).assignment as Record<string, number[]>) : undefined;
}

function iso(ms: number) {
  return new Date(ms).toISOString();
}
