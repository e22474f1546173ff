import { digestJobId, EscalationQueues, EscalationStore } from '@slawatch/escalation';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { testRedis, uniqueName } from '../../../test/harness/isolation.js';
import { breach } from './fixtures.js';
import { eventually, Receiver } from './receiver.js';
import { type ServiceUnderTest, startServiceUnderTest } from './service-under-test.js';

/*
 * The digest side of lost-jobs.integration.test.ts: a Redis Cluster failover
 * while a minor breach was filed into its digest, or a rate-limited page was
 * merged into its target's overflow. What was written before the marker (the
 * filing or the overflow item, and the flush job) went to the old master,
 * which acknowledged it and died before its replica had it; the marker,
 * written next, went to the promoted replica. Here that state is made on one
 * Redis by taking away what the failover would have lost, the queue paused
 * meanwhile; the consumer then reads the batch again, as it does after a
 * failover. The breach still reaches its digest, once.
 */

const ROBOT_LIMIT = { messages: 20, perMs: 5_000 };
const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

describe('a digest filing or an overflow merge whose queued work was lost and whose marker was not', () => {
  const receiver = new Receiver();
  const redis = testRedis();
  let service: ServiceUnderTest;
  let queues: EscalationQueues;
  let store: EscalationStore;

  beforeAll(async () => {
    service = await startServiceUnderTest(receiver);
    store = new EscalationStore(redis, service.prefix);
    queues = new EscalationQueues(redis, { prefix: store.keys.queuePrefix(), attempts: 3, backoffMs: 200 });
  });
  afterEach(async () => {
    await queues?.queue('minor').resume();
    await queues?.queue('critical').resume();
  });
  afterAll(async () => {
    await service?.stop();
    await queues?.close();
    await redis.quit();
  });

  it('files a minor breach again, and queues its flush again, when the consumer reads it again', async () => {
    const minor = () => queues.queue('minor');
    const change = breach(uniqueName('LD-digest'), { severity: 'minor' });
    await minor().pause();
    await service.publish(change);
    const record = await eventually(async () => {
      const found = await store.breaches.get(change.breachId);
      expect(found?.markers.has('digest')).toBe(true);
      return found!;
    });
    // The minor policy's interval (every: 2s) the breach was filed into: its list and flush lost.
    const intervalStartMs = Math.floor(Date.parse(record.openedAt) / 2_000) * 2_000;
    const flush = digestJobId('minor', intervalStartMs);
    expect(await minor().remove(flush)).toBe(1);
    await redis.del(store.keys.digest('minor', intervalStartMs));

    await service.publish(change);
    await eventually(
      async () => expect(await minor().getJob(flush)).toBeDefined(),
      20_000,
      'the flush queued again',
    );
    expect(await store.digests.items('minor', intervalStartMs)).toEqual([change.breachId]);
    await minor().resume();
    await eventually(() => expect(receiver.to('/desk', change.breachId)).toHaveLength(1), 10_000);

    // Read again once the digest went out, its jobs gone as they are a day later: nothing is sent again.
    await eventually(async () =>
      expect(await minor().getJobCounts('completed')).toMatchObject({ completed: 2 }),
    );
    await minor().clean(0, 100, 'completed');
    await service.publish(change);
    await sleep(4_000);
    expect(receiver.to('/desk', change.breachId)).toHaveLength(1);
    expect(await minor().getJob(flush)).toBeUndefined();
  }, 40_000);

  it('merges a rate-limited page into the overflow again when the consumer reads it again', async () => {
    const critical = () => queues.queue('critical');
    const change = breach(uniqueName('LD-merge'), { standard: 'burst_test' });
    await critical().pause();
    for (let i = 0; i < ROBOT_LIMIT.messages; i++)
      await store.rateWindows.takeSlot('robot', ROBOT_LIMIT, Date.now());
    await service.publish(change);
    await eventually(async () =>
      expect((await service.timelineOf(change.breachId)).map((l) => l.what)).toContain('merged-into-digest'),
    );
    // The overflow item and its flush lost (the merges the overflow remembers go with the item).
    await redis.del(store.keys.overflow('robot'), store.keys.overflowMerged('robot'));
    await critical().drain(true);

    await service.publish(change);
    await eventually(
      async () =>
        expect((await store.rateWindows.headOfOverflow('robot', 10)).join()).toContain(change.breachId),
      20_000,
      'the page merged again',
    );
    await critical().resume();
    await eventually(() => expect(receiver.to('/robot', change.breachId)).toHaveLength(1), 20_000);
    expect(receiver.to('/robot', change.breachId)[0]?.kind).toBe('digest');

    // Read again once the digest went out, its jobs gone: the overflow remembers the merge, nothing is sent again.
    await critical().clean(0, 1_000, 'completed');
    await service.publish(change);
    await sleep(4_000);
    expect(receiver.to('/robot', change.breachId)).toHaveLength(1);
    const timeline = (await service.timelineOf(change.breachId)).map((l) => l.what);
    expect(timeline.filter((what) => what === 'merged-into-digest')).toHaveLength(1);
    const metrics = await (await fetch(`${service.api}/metrics`)).text();
    expect(metrics).toContain('slawatch_escalation_rate_limited_merges_total{target="robot"} 1');
  }, 60_000);
});
