import { join } from 'node:path';
import type { BreachChange } from '@slawatch/contract';
import { generateScenario } from '@slawatch/network-simulation';
import { loadStandards } from '@slawatch/standards';
import { afterAll, beforeAll, describe, expect, inject, it } from 'vitest';
import { TOKENS, writeTestConfig } from '../../services/escalation/test/fixtures.js';
import { Receiver } from '../../services/escalation/test/receiver.js';
import {
  E2E_STANDARDS,
  measuredByProduct,
  monitorHarness,
  publishAll,
  type ShipmentEvent,
  sleep,
} from '../../services/monitor/test/support.js';
import { uniqueName } from '../harness/isolation.js';
import { eventually } from '../harness/metrics.js';
import { type RedisClusterServer, startRedisCluster } from '../harness/redis-cluster.js';
import { type ServiceProcess, startService } from '../harness/service-process.js';
import { isolatedMonitorEnvironment } from '../harness/topics.js';

/*
 * The monitor and the escalation service on a Redis Cluster of 3 masters with
 * a replica each (infra/redis/redis.sh cluster-start), chosen by configuration
 * alone (REDIS_CLUSTER_NODES). First the detection scenario, run at once on
 * the cluster and on the harness's single Redis: the same breaches on both,
 * and the simulator's ground truth. Then a master killed (SIGKILL) mid-stream:
 * its replica takes over within about two seconds (cluster-node-timeout 1 s),
 * and both services carry on with nothing lost and nothing judged falsely.
 */

const harness = monitorHarness();
const receiver = new Receiver();
const services: ServiceProcess[] = [];
let cluster: RedisClusterServer;
let receiverUrl: string;
beforeAll(async () => {
  [cluster, receiverUrl] = await Promise.all([startRedisCluster({ nodeTimeoutMs: 1000 }), receiver.start()]);
});
afterAll(async () => {
  await Promise.allSettled(services.map((service) => service.kill()));
  await receiver.stop();
  await cluster?.remove();
});

async function startEscalation(options: { prefix: string; breaches: string }): Promise<ServiceProcess> {
  const { escalationFile, tokensFile } = writeTestConfig(receiverUrl);
  const escalation = await startService('escalation', {
    REDIS_CLUSTER_NODES: cluster.nodes,
    REDIS_KEY_PREFIX: options.prefix,
    TOPIC_BREACHES: options.breaches,
    ESCALATION_CONSUMER_GROUP: uniqueName('escalation'),
    ESCALATION_FILE: escalationFile,
    API_TOKENS_FILE: tokensFile,
    KAFKA_PARTITIONS: '3',
    // A step a worker held when its master died runs again once its lock expires and the stalled
    // check sees it: two intervals (60 s with the default). Shorter here, so that it fits the wait below.
    ESCALATION_STALLED_INTERVAL_MS: '5000',
  });
  services.push(escalation);
  return escalation;
}

/** What the tests read of the escalation's API answers. */
interface BreachAnswer {
  breaches?: Array<{ breachId: string }>;
  nextCursor?: string;
  timeline?: Array<{ what: string }>;
}

async function api(service: ServiceProcess, path: string): Promise<BreachAnswer> {
  const response = await fetch(`${service.url}${path}`, {
    headers: { authorization: `Bearer ${TOKENS.viewer}` },
  });
  return (await response.json()) as BreachAnswer;
}

/** The breach ids the escalation service has on record, every page of its listing API. */
async function recordedBreaches(escalation: ServiceProcess): Promise<Set<string>> {
  const ids = new Set<string>();
  let cursor: string | undefined;
  do {
    const page = await api(
      escalation,
      `/api/breaches?limit=500${cursor ? `&cursor=${encodeURIComponent(cursor)}` : ''}`,
    );
    for (const breach of page.breaches ?? []) ids.add(breach.breachId);
    cursor = page.nextCursor;
  } while (cursor);
  return ids;
}

/** The last status published for each breach (a waybill's changes are in order on the topic). */
function finalStatus(changes: BreachChange[]): Map<string, string> {
  const out = new Map<string, string>();
  for (const change of changes) out.set(change.breachId, change.status);
  return out;
}

const sorted = (statuses: Map<string, string>) =>
  [...statuses].map(([id, status]) => `${id}|${status}`).sort();

describe('on a Redis Cluster', () => {
  it('detects the same breaches as on one Redis, and as the ground truth; escalation records them all', async () => {
    const standardsFile = 'standards/demo.yaml';
    const common = { STANDARDS_FILE: standardsFile, DEADLINE_POLL_INTERVAL_MS: '100' };
    const single = isolatedMonitorEnvironment('cluster-detect-single', common);
    const clustered = isolatedMonitorEnvironment('cluster-detect', {
      ...common,
      REDIS_CLUSTER_NODES: cluster.nodes,
    });
    await Promise.all([harness.monitor(single.env), harness.monitor(clustered.env)]);
    const escalation = await startEscalation({
      prefix: `${uniqueName('esc')}:`,
      breaches: clustered.topics.breaches,
    });
    const [onSingle, onCluster] = await Promise.all([
      harness.breachTopic(single.topics.breaches),
      harness.breachTopic(clustered.topics.breaches),
    ]);

    const producer = harness.kafka.producer();
    await producer.connect();
    const standards = loadStandards(join(inject('repositoryRoot'), standardsFile));
    // Event times from now, once everything runs: records published late would be judged without their evidence.
    const startMs = Date.now() + 1_000;
    // The scenario's shipments that settle within 40 s: a full scenario runs for minutes.
    const SETTLED_WITHIN_MS = 40_000;
    const scenario = generateScenario({
      seed: 7,
      shipments: 150,
      faults: 'demo',
      standards,
      startMs,
      intervalMs: 50,
    });
    const shipments = scenario.shipments.filter(
      (s) =>
        s.settlesAtMs - startMs <= SETTLED_WITHIN_MS &&
        s.records.every((r) => r.publishAtMs - startMs <= SETTLED_WITHIN_MS),
    );
    const records = shipments.flatMap((s) => s.records).sort((a, b) => a.publishAtMs - b.publishAtMs);
    const truth = new Map(shipments.flatMap((s) => s.truth).map((t) => [t.breachId, t.status as string]));
    const settlesAtMs = Math.max(startMs, ...shipments.map((s) => s.settlesAtMs));
    expect(truth.size).toBeGreaterThanOrEqual(8);

    // Published on schedule, each record to both monitors' topics at once.
    try {
      let next = 0;
      while (next < records.length) {
        const due = new Map<string, Array<{ key: string; value: string | Buffer }>>();
        while (next < records.length && records[next]!.publishAtMs <= Date.now()) {
          const record = records[next++]!;
          for (const topics of [single.topics, clustered.topics]) {
            const topic = topics[record.topicFamily as keyof typeof topics];
            due.set(topic, [...(due.get(topic) ?? []), { key: record.key, value: record.value }]);
          }
        }
        if (due.size > 0) await producer.sendMany(due);
        else await sleep(10);
      }
    } finally {
      await producer.disconnect();
    }
    // Let the last deadlines fire and the relays publish them.
    await sleep(Math.max(0, settlesAtMs - Date.now()) + 4_000);

    const expected = sorted(truth);
    await eventually('every expected breach on both topics', async () => {
      const a = sorted(finalStatus(onSingle.changes));
      const b = sorted(finalStatus(onCluster.changes));
      return expected.every((pair) => a.includes(pair) && b.includes(pair));
    });
    console.info(
      `[cluster detection] ${shipments.length} shipments, ${records.length} records, ${truth.size} expected breaches; ` +
        `published ${onSingle.changes.length} changes on one Redis, ${onCluster.changes.length} on the cluster`,
    );
    expect(sorted(finalStatus(onCluster.changes))).toEqual(sorted(finalStatus(onSingle.changes)));
    expect(sorted(finalStatus(onCluster.changes))).toEqual(expected);

    // The escalation service on the cluster has every breach the cluster's monitor published.
    const published = new Set(onCluster.changes.map((c) => c.breachId));
    await eventually('every published breach on record', async () => {
      const recorded = await recordedBreaches(escalation);
      return [...published].every((id) => recorded.has(id));
    });
  }, 150_000);

  it('carries on when a master is killed mid-stream: its replica takes over, nothing is lost', async () => {
    const { topics, env } = isolatedMonitorEnvironment('cluster-failover', {
      ...E2E_STANDARDS,
      REDIS_CLUSTER_NODES: cluster.nodes,
    });
    // The victim serves input partition 0's state and the escalation's slot, so both lose their master.
    const victim = await cluster.masterOf('{p0}');
    let escalationPrefix = `${uniqueName('esc')}:`;
    while ((await cluster.masterOf(`{${escalationPrefix}esc}`)) !== victim)
      escalationPrefix = `${uniqueName('esc')}:`;
    const monitor = await harness.monitor(env);
    const escalation = await startEscalation({ prefix: escalationPrefix, breaches: topics.breaches });
    const breaches = await harness.breachTopic(topics.breaches);

    // Per wave, orders never picked up (breach after 3 s) and orders picked up at once (no breach).
    const WAVES = 10;
    const PER_WAVE = 10;
    const run = uniqueName('CF').replace(/-/g, '');
    const wave = (index: number): ShipmentEvent[] => {
      const now = Date.now();
      return Array.from({ length: PER_WAVE }, (_, i) => {
        const n = String(index * PER_WAVE + i).padStart(4, '0');
        return [
          measuredByProduct({ type: 'order.created', waybill: `${run}U${n}`, timeMs: now }),
          measuredByProduct({ type: 'order.created', waybill: `${run}P${n}`, timeMs: now }),
          { type: 'dispatch.picked_up' as const, waybill: `${run}P${n}`, timeMs: now + 100 },
        ];
      }).flat();
    };
    const expected = Array.from(
      { length: WAVES * PER_WAVE },
      (_, i) => `${run}U${String(i).padStart(4, '0')}:pickup_on_time:breach:1`,
    );

    // The victim's replica falls behind for sure: stopped (SIGSTOP), and dropped by its master once
    // more than the socket buffers and a 256 kB output buffer wait for it (filler in partition 0's slot).
    const replica = await cluster.replicaOf(victim);
    const offsetsKey = `${env.REDIS_KEY_PREFIX}{p0}:offsets`;
    let killedAt = 0;
    let onMaster: Record<string, string> = {};
    let onReplica: Record<string, string> = {};
    const escalationOffsetsKey = `{${escalationPrefix}esc}:consumed-offsets`;
    let escalationOnMaster: Record<string, string> = {};
    let escalationOnReplica: Record<string, string> = {};
    let behindBytes = 0;
    for (let i = 0; i < WAVES; i++) {
      await publishAll(harness.kafka, topics, wave(i));
      if (i === 4) {
        // Once the escalation's offsets of every partition reached the replica, as in a deployment
        // running for a while: a Redis holding no offset of a partition cannot tell it lost some.
        await eventually(
          "the escalation's offsets of every partition on the replica",
          async () =>
            Object.keys(
              await cluster.on(replica, async (r) => {
                await r.call('READONLY');
                return r.hgetall(escalationOffsetsKey);
              }),
            ).length === 3,
          20_000,
        );
        await cluster.on(victim, (r) => r.config('SET', 'client-output-buffer-limit', 'replica 256kb 0 0'));
        await cluster.pause(replica);
        await cluster.on(victim, async (r) => {
          for (let k = 0; k < 48; k++)
            await r.set(`${env.REDIS_KEY_PREFIX}{p0}:filler:${k}`, 'x'.repeat(512 * 1024));
        });
        await eventually('the master dropped its stopped replica', async () =>
          String(await cluster.on(victim, (r) => r.info('replication'))).includes('connected_slaves:0'),
        );
      }
      // Mid-stream, with two waves committed on the master alone while the first breaches are judged,
      // paged and recorded.
      if (i === 7) {
        onMaster = await cluster.on(victim, (r) => r.hgetall(offsetsKey));
        escalationOnMaster = await cluster.on(victim, (r) => r.hgetall(escalationOffsetsKey));
        const masterOffset = String(await cluster.on(victim, (r) => r.info('replication')));
        await cluster.kill(victim);
        killedAt = Date.now();
        await cluster.resume(replica);
        // What the replica holds once it has read what reached it before the link dropped.
        await sleep(300);
        onReplica = await cluster.on(replica, async (r) => {
          await r.call('READONLY');
          escalationOnReplica = await r.hgetall(escalationOffsetsKey);
          return r.hgetall(offsetsKey);
        });
        const replicaOffset = String(await cluster.on(replica, (r) => r.info('replication')));
        const offsetOf = (info: string, field: string) =>
          Number(new RegExp(`${field}:(\\d+)`).exec(info)?.[1]);
        behindBytes =
          offsetOf(masterOffset, 'master_repl_offset') - offsetOf(replicaOffset, 'slave_repl_offset');
      }
      await sleep(500);
    }
    const promoted = await cluster.failedOver('{p0}', victim);
    const failoverMs = Date.now() - killedAt;
    // The promoted replica lacks the master's last commits of partition 0, offsets and states together.
    expect(behindBytes).toBeGreaterThan(0);
    expect(
      Object.entries(onMaster).some(([topic, offset]) => BigInt(onReplica[topic] ?? '-1') < BigInt(offset)),
      `offsets on the master ${JSON.stringify(onMaster)}, on its replica ${JSON.stringify(onReplica)}`,
    ).toBe(true);
    // And the escalation's consumed offsets, stored after the effects they cover, with them.
    expect(
      Object.entries(escalationOnMaster).some(
        ([field, offset]) => BigInt(escalationOnReplica[field] ?? '-1') < BigInt(offset),
      ),
      `consumed offsets on the master ${JSON.stringify(escalationOnMaster)}, on its replica ${JSON.stringify(escalationOnReplica)}`,
    ).toBe(true);

    await eventually(
      'every expected breach on the topic',
      async () => expected.every((id) => breaches.has(id, 'open')),
      90_000,
    );
    // Anything wrong (a picked-up shipment opened) would arrive within this.
    await sleep(3_000);
    const pickups = breaches.changes.filter((c) => c.standard === 'pickup_on_time');
    expect([...new Set(pickups.map((c) => `${c.breachId}|${c.status}`))].sort()).toEqual(
      expected.map((id) => `${id}|open`).sort(),
    );

    // Every breach is on record, the pickup breaches once, with one opening, paged by the consumer (tier 1) and escalated
    // 1.5 s later by a BullMQ job (tier 2): the queued steps survived the failover, or were queued again.
    const missing = async () => {
      // Every breach the monitor published (other standards' too: tracking, lost parcels), as of now.
      const published = [...new Set(breaches.changes.map((c) => c.breachId))];
      const recorded = await recordedBreaches(escalation);
      return {
        unrecorded: published.filter((id) => !recorded.has(id)),
        unpaged: expected.filter((id) => receiver.to('/tier-1', id).length === 0),
        unescalated: expected.filter((id) => receiver.to('/tier-2', id).length === 0),
      };
    };
    await eventually(
      'every breach on record, paged and escalated',
      async () => Object.values(await missing()).every((ids) => ids.length === 0),
      90_000,
    ).catch(async (error: Error) => {
      const master = await cluster.masterOf(`{${escalationPrefix}esc}`);
      const queue = `{${escalationPrefix}esc}:bull:{escalation-major}`;
      const counts = await cluster.on(master, async (r) => ({
        delayed: await r.zcard(`${queue}:delayed`),
        wait: await r.llen(`${queue}:wait`),
        active: await r.llen(`${queue}:active`),
        completed: await r.zcard(`${queue}:completed`),
        failed: await r.zcard(`${queue}:failed`),
        prioritized: await r.zcard(`${queue}:prioritized`),
        marker: await r.zcard(`${queue}:marker`),
        now: Date.now(),
        firstDelayed: await r.zrange(`${queue}:delayed`, 0, 0, 'WITHSCORES'),
        // Where each unescalated breach's second step is, if its job exists at all, and the
        // breach's markers (a step marked without its page job: a failover lost what it queued).
        secondSteps: await Promise.all(
          (await missing()).unescalated.map(async (id) => {
            const encoded = Buffer.from(id).toString('base64url');
            const jobId = `page.${encoded}.p1.s2.tier-2`;
            const job = await r.hgetall(`${queue}:${jobId}`);
            const record = await r.hgetall(`{${escalationPrefix}esc}:{b.${encoded}}:breach`);
            return {
              id,
              jobId,
              job:
                Object.keys(job).length === 0
                  ? null
                  : { finishedOn: job['finishedOn'], failedReason: job['failedReason'] },
              markers: Object.keys(record).filter((field) => field.startsWith('mark:')),
            };
          }),
        ),
      }));
      console.info(
        `DIAG ${JSON.stringify(counts)}\n${escalation.output.join('').split('\n').slice(-25).join('\n')}`,
      );
      const lines = escalation.output.join('').split('\n');
      throw new Error(
        `${error.message}: ${JSON.stringify(await missing())}\n${lines
          .filter((l) => /"level":(40|50)/.test(l))
          .slice(-30)
          .join('\n')}`,
      );
    });
    const openings = await Promise.all(
      expected.map(async (id) => {
        const { timeline } = await api(escalation, `/api/breaches/${encodeURIComponent(id)}`);
        return (timeline ?? []).filter((line) => line.what === 'opened').length;
      }),
    );
    expect(openings.filter((count) => count !== 1)).toEqual([]);

    const monitorLog = monitor.output.join('');
    const escalationLog = escalation.output.join('');
    console.info(
      `[cluster failover] master ${victim} killed, replica ${promoted} took over (seen after ${failoverMs} ms), ` +
        `${behindBytes} bytes of replication behind; partition 0 offsets on the master ${JSON.stringify(onMaster)}, ` +
        `on the replica ${JSON.stringify(onReplica)}; escalation's consumed offsets on the master ` +
        `${JSON.stringify(escalationOnMaster)}, on the replica ${JSON.stringify(escalationOnReplica)}; ${pickups.length} pickup changes published for ${expected.length} ` +
        `breaches; monitor batches refused and read again: ${(monitorLog.match(/reading again from offset/g) ?? []).length}`,
    );
    // Both read again from the offsets the promoted replica holds, and neither process gave up.
    expect(monitorLog).toContain('Redis reconnected');
    expect(escalationLog).toContain('Redis reconnected');
    expect(monitor.child.exitCode).toBeNull();
    expect(escalation.child.exitCode).toBeNull();
  }, 150_000);
});
