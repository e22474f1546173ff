import { execFile } from 'node:child_process';
import { join } from 'node:path';
import { promisify } from 'node:util';
import type { BreachChange } from '@slawatch/evaluation';
import { afterAll, describe, expect, it } from 'vitest';
import { eventually } from '../../../test/harness/metrics.js';
import { type PrivateServer, privateRedis } from '../../../test/harness/private-server.js';
import type { ServiceProcess } from '../../../test/harness/service-process.js';
import { isolatedMonitorEnvironment } from '../../../test/harness/topics.js';
import {
  E2E_STANDARDS,
  measuredByProduct,
  monitorHarness,
  publishAll,
  type ShipmentEvent,
  sleep,
} from './support.js';

/*
 * The state and the offsets it was built from are one write: a Redis that
 * comes back with its last seconds missing (an append-only file behind, as
 * after a machine crash with fsync every second) holds an offset that
 * matches its state, and the monitor reads that part of the input again.
 * And a monitor killed again and again mid-stream loses nothing either.
 * Pickup limit 3 s (end-to-end standards); half the shipments are picked up
 * at once, so each test knows its pickup breaches by construction.
 */

const run = promisify(execFile);
const harness = monitorHarness();
const servers: PrivateServer[] = [];
afterAll(() => Promise.allSettled(servers.map((server) => server.remove())));

/** One wave: `count` orders never picked up and `count` picked up 100 ms after their order. */
function wave(index: number, count: number): ShipmentEvent[] {
  const now = Date.now();
  return Array.from({ length: count }, (_, i) => {
    const unpicked = `UNPICKED${String(index * count + i).padStart(5, '0')}`;
    const picked = `PICKED${String(index * count + i).padStart(5, '0')}`;
    return [
      measuredByProduct({ type: 'order.created', waybill: unpicked, timeMs: now }),
      measuredByProduct({ type: 'order.created', waybill: picked, timeMs: now }),
      { type: 'dispatch.picked_up' as const, waybill: picked, timeMs: now + 100 },
    ];
  }).flat();
}

const expectedFor = (waves: number, count: number) =>
  Array.from(
    { length: waves * count },
    (_, i) => `UNPICKED${String(i).padStart(5, '0')}:pickup_on_time:breach:1|open`,
  ).sort();

/**
 * The distinct `breachId|status` pairs on the topic, and pairs whose copies
 * differ in more than `detectedAt` (a different judgement, not a repeat: a
 * change judged again after Redis lost it carries the time it was judged again).
 */
function distinctChanges(topic: { raw: string[]; changes: BreachChange[] }) {
  const copies = new Map<string, Set<string>>();
  // Only the pickup standard: a picked-up parcel that moves no further breaches others (tracking, lost).
  for (const c of topic.changes.filter((change) => change.standard === 'pickup_on_time')) {
    const key = `${c.breachId}|${c.status}`;
    copies.set(key, (copies.get(key) ?? new Set()).add(JSON.stringify({ ...c, detectedAt: undefined })));
  }
  return {
    keys: [...copies.keys()].sort(),
    conflicting: [...copies].filter(([, set]) => set.size > 1).map(([key]) => key),
    repeated: topic.changes.filter((change) => change.standard === 'pickup_on_time').length - copies.size,
  };
}

async function settled(topic: { raw: string[]; changes: BreachChange[] }, expected: string[]) {
  await eventually(
    'every expected breach on the topic',
    async () => {
      const { keys } = distinctChanges(topic);
      return expected.every((k) => keys.includes(k));
    },
    90_000,
  );
  // Anything wrong (a picked-up shipment opened) would arrive within this.
  await sleep(3_000);
  return distinctChanges(topic);
}

describe('lost writes', () => {
  it('reads again what a Redis restarted from an append-only file seconds behind lost: nothing missed, nothing false', async () => {
    const redis = await privateRedis();
    servers.push(redis);
    const { topics, env } = isolatedMonitorEnvironment('lost-writes', {
      ...E2E_STANDARDS,
      REDIS_URL: redis.url,
    });
    const monitor = await harness.monitor(env);
    const breaches = await harness.breachTopic(topics.breaches);
    const WAVES = 12;
    const PER_WAVE = 15;
    const aof = join(redis.dataDirectory, 'appendonlydir');
    const behind = join(redis.dataDirectory, 'appendonlydir-behind');
    for (let i = 0; i < WAVES; i++) {
      await publishAll(harness.kafka, topics, wave(i, PER_WAVE));
      // What the disk held at wave 5: the Redis that comes back has lost everything after it.
      if (i === 5) await run('cp', ['-a', aof, behind]);
      if (i === 9) {
        await redis.kill();
        await run('rm', ['-rf', aof]);
        await run('mv', [behind, aof]);
      }
      await sleep(500);
    }
    // Down for a while with the input moving on, then back with its last seconds missing.
    await sleep(2_000);
    await redis.start();

    const { keys, conflicting, repeated } = await settled(breaches, expectedFor(WAVES, PER_WAVE));
    const log = (monitor as ServiceProcess).output.join('');
    console.info(
      `[lost writes] ${keys.length} distinct changes, ${repeated} published again; ` +
        `reads again: ${(log.match(/reading again from offset/g) ?? []).length}`,
    );
    expect(log).toContain('Redis reconnected');
    expect(conflicting).toEqual([]);
    // Every unpicked shipment breached once; no picked-up shipment breached, not even for a moment.
    expect(keys).toEqual(expectedFor(WAVES, PER_WAVE));
  }, 180_000);

  it('loses nothing and judges nothing falsely when the monitor is killed mid-stream three times', async () => {
    const { topics, env } = isolatedMonitorEnvironment('killed-thrice', E2E_STANDARDS);
    let monitor = await harness.monitor(env);
    const breaches = await harness.breachTopic(topics.breaches);
    const WAVES = 12;
    const PER_WAVE = 15;
    for (let i = 0; i < WAVES; i++) {
      await publishAll(harness.kafka, topics, wave(i, PER_WAVE));
      if (i === 3 || i === 6 || i === 9) {
        await sleep(300);
        await monitor.kill();
        monitor = await harness.monitor(env);
      }
      await sleep(500);
    }
    const { keys, conflicting, repeated } = await settled(breaches, expectedFor(WAVES, PER_WAVE));
    console.info(`[killed thrice] ${keys.length} distinct changes, ${repeated} published again`);
    expect(conflicting).toEqual([]);
    expect(keys).toEqual(expectedFor(WAVES, PER_WAVE));
  }, 180_000);
});
