import { EscalationQueues, EscalationStore, stepJobId } from '@slawatch/escalation';
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
 */

describe('a step whose queued jobs were lost and whose marker was not', () => {
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
});
