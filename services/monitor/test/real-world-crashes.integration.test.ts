import type { BreachChange } from '@slawatch/evaluation';
import { describe, expect, it } from 'vitest';
import { eventually, metricSum } from '../../../test/harness/metrics.js';
import { isolatedMonitorEnvironment } from '../../../test/harness/topics.js';
import {
  E2E_STANDARDS,
  measuredByProduct,
  monitorHarness,
  ownedPartitions,
  publishAll,
  type ShipmentEvent,
  sleep,
} from './support.js';

/*
 * What production does to the monitor: a process killed mid-stream, an
 * instance of a group lost while its deadlines are pending. Limits are the
 * seconds of the end-to-end standards file (pickup 3 s for individuals).
 */

const harness = monitorHarness();
const { monitor, breachTopic } = harness;

/** These orders are measured by product (see measuredByProduct). */
const send = (topics: Record<string, string>, events: ShipmentEvent[]) =>
  publishAll(harness.kafka, topics, events.map(measuredByProduct));

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

/** Waits until every expected `breachId|status` is on the topic. */
function allOnTopic(what: string, topic: { raw: string[]; changes: BreachChange[] }, expected: string[]) {
  return eventually(
    what,
    async () => {
      const { keys } = repeats(topic);
      return expected.every((k) => keys.has(k));
    },
    60_000,
  );
}

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
    const { topics, env } = isolatedMonitorEnvironment('kill-mid-stream', E2E_STANDARDS);
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
      await send(topics, [...unpickedOrders('UNPICKED', wave * perWave, perWave, now), ...stockouts]);
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
    await allOnTopic('every expected breach on the topic', breaches, expected);
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
      ...E2E_STANDARDS,
      KAFKA_PARTITIONS: '4',
    });
    const first = await monitor(env);
    const second = await monitor(env);
    const breaches = await breachTopic(topics.breaches);
    const accepted = async () =>
      (await metricSum(first.url, 'slawatch_events_total', { result: 'accepted' }).catch(() => 0)) +
      (await metricSum(second.url, 'slawatch_events_total', { result: 'accepted' }));
    await eventually('both monitors own a share of the 16 partitions', async () => {
      const [a, b] = [ownedPartitions(first), ownedPartitions(second)];
      return a > 0 && b > 0 && a + b === 16;
    });

    // Wave one: both alive; each fires the deadlines of its own partitions.
    await send(topics, unpickedOrders('PAIR-A', 0, 100, Date.now()));
    await eventually('wave one accepted', async () => (await accepted()) === 100);
    await eventually(
      'wave one fired',
      async () => breaches.changes.filter((c) => c.waybill.startsWith('PAIR-A')).length >= 100,
    );
    const firedByFirst = await metricSum(first.url, 'slawatch_breaches_published_total');
    const firedBySecond = await metricSum(second.url, 'slawatch_breaches_published_total');

    // Wave two: taken by both, then one is killed before any of its deadlines (3 s) is due. Its
    // partitions come to the survivor only after the session timeout, which fires them late.
    await send(topics, unpickedOrders('PAIR-B', 0, 100, Date.now()));
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
    await allOnTopic('every deadline of both waves fired', breaches, expected);
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
