import { digestJobId, EscalationQueues, EscalationStore, stepJobId } from '@slawatch/escalation';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { testRedis, uniqueName } from '../../../test/harness/isolation.js';
import { breach } from './fixtures.js';
import { eventually, Receiver } from './receiver.js';
import { type ServiceUnderTest, startServiceUnderTest } from './service-under-test.js';

/*
 * A Redis Cluster failover in the middle of a step. The step queued its jobs
 * on the old master, which acknowledged them and died before its replica had
 * them; the step's marker, written next, went to the promoted replica. The
 * new master holds the step's marker and line, not the jobs they stand for.
 * Here that state is made on one Redis, by taking the jobs away or by writing
 * the marker ahead (the queue paused meanwhile), and the step then runs again
 * as it does after a failover: the consumer reads the batch again, or the
 * step's own job, put back, runs. The escalation carries on either way.
 *
 * The digest side likewise: a minor breach filed into its digest, or a
 * rate-limited page merged into its target's overflow, whose filing or
 * overflow item and flush job were lost while its marker was kept. The
 * breach still reaches its digest, once.
 */

const ROBOT_LIMIT = { messages: 20, perMs: 5_000 };
const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

describe('work whose queued jobs were lost and whose marker was not', () => {
  const receiver = new Receiver();
  const redis = testRedis();
  let service: ServiceUnderTest;
  let queues: EscalationQueues;
  let store: EscalationStore;
  const critical = () => queues.queue('critical');

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

  it('queues the next step again when the consumer reads the first step again', async () => {
    const change = breach(uniqueName('LJ-next'));
    await critical().pause();
    await service.publish(change);
    await eventually(() => expect(receiver.to('/tier-1', change.breachId)).toHaveLength(1));
    const second = stepJobId(change.breachId, 1, 2);
    expect(await critical().remove(second)).toBe(1);

    await service.publish(change);
    await eventually(
      async () => expect(await critical().getJob(second)).toBeDefined(),
      20_000,
      'the second step queued again',
    );
    await critical().resume();
    await eventually(() => expect(receiver.to('/tier-2', change.breachId)).toHaveLength(1));
    // The first page has its own marker: the replay did not send it again.
    expect(receiver.to('/tier-1', change.breachId)).toHaveLength(1);
  });

  it('queues the pages and the next step again when a step that is on record runs again', async () => {
    const change = breach(uniqueName('LJ-page'));
    await critical().pause();
    await service.publish(change);
    await eventually(() => expect(receiver.to('/tier-1', change.breachId)).toHaveLength(1));
    const ranAt = new Date().toISOString();
    await store.breaches.markWithLines(change.breachId, {
      marker: 'step:1.2',
      lines: [
        { at: ranAt, who: 'escalation', what: 'step', detail: { pass: 1, step: 2, targets: ['tier-2'] } },
      ],
      nowMs: Date.parse(ranAt),
    });

    await critical().resume();
    await eventually(() => expect(receiver.to('/tier-2', change.breachId)).toHaveLength(1));
    // And the escalation goes on: step 3 follows step 2 after its 3 s.
    await eventually(() => expect(receiver.to('/tier-3', change.breachId)).toHaveLength(1), 20_000);
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
