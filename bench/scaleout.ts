/**
 * Scale-out: the same events through one monitor process, then through two
 * in one consumer group, on the same broker and Redis. On a machine whose
 * cores the broker and Redis share, the rate cannot double; what must hold
 * is the CPU per event: two processes together should spend about what one
 * does (no work repeated, no contention inside the monitor), and each should
 * handle about half of the events (co-partitioned assignment).
 *
 * Run through bench/main.ts.
 */
import { createLogger } from '@slawatch/logger';
import { createRedis } from '@slawatch/redis';
import type { Benchmark } from './benchmark.js';
import { monitorEnvironment } from './ingestion.js';
import { startLocalInfra } from './local-infra.js';
import { allHandled, MonitorProcess, type MonitorRun, redisCounters } from './monitor-process.js';
import { publishShipments } from './published-shipments.js';

const PARTITIONS = 6;
/** The two must join the group's first generation together: its first assignment waits this long for members. */
const REBALANCE_DELAY_MS = 3000;
/** Each process's share of the events may be this far from half (relative). */
const SHARE_TOLERANCE = 0.2;

interface GroupRun {
  runs: MonitorRun[];
  /** From the earliest idle sample to the latest final one. */
  seconds: number;
  redisCpuMicros: number;
}

/** Monitors in one consumer group, each with its own process, until together they handled `events`. */
async function runGroup(
  infra: { brokers: string; redisUrl: string },
  options: { members: number; group: string; events: number },
): Promise<GroupRun> {
  const redis = createRedis({ url: infra.redisUrl }, { name: 'bench' });
  const env = monitorEnvironment(infra, PARTITIONS, {
    KAFKA_CONSUMER_GROUP: options.group,
    // A key space of its own: the second run starts from no state and no stored offsets.
    REDIS_KEY_PREFIX: `${options.group}:`,
  });
  const processes = Array.from({ length: options.members }, () => new MonitorProcess({ env }));
  await Promise.all(processes.map((p) => p.whenReady()));
  const before = await redisCounters(redis);
  for (const p of processes) p.start();
  await allHandled(processes, options.events);
  const after = await redisCounters(redis);
  const runs = await Promise.all(processes.map((p) => p.finish()));
  redis.disconnect();
  const starts = runs.map((r) => r.startAtMs);
  const ends = runs.map((r) => r.endAtMs);
  return {
    runs,
    seconds: (Math.max(...ends) - Math.min(...starts)) / 1000,
    redisCpuMicros: after.cpuMicros - before.cpuMicros,
  };
}

export async function scaleOutBenchmark(shipments: number) {
  const logger = createLogger({ name: 'bench', level: 'warn', format: 'json' });
  const infra = await startLocalInfra({ rebalanceDelayMs: REBALANCE_DELAY_MS });
  try {
    const { events } = await publishShipments({
      brokers: infra.brokers,
      partitions: PARTITIONS,
      shipments,
      logger,
    });
    const one = await runGroup(infra, { members: 1, group: 'scaleout-one', events });
    console.error(`one process: ${Math.round(events / one.seconds)} events/s`);
    const two = await runGroup(infra, { members: 2, group: 'scaleout-two', events });
    const cpuOf = (group: GroupRun) => group.runs.reduce((sum, run) => sum + run.cpuMicros, 0);
    const handled = (group: GroupRun) => group.runs.reduce((sum, run) => sum + run.events, 0);
    const cpuPerEventOne = cpuOf(one) / handled(one);
    const cpuPerEventTwo = cpuOf(two) / handled(two);
    const shares = two.runs.map((run) => run.events / handled(two));
    return {
      shipments,
      events,
      partitions: PARTITIONS,
      eventsPerSecondOne: Math.round(events / one.seconds),
      eventsPerSecondTwo: Math.round(events / two.seconds),
      monitorCpuMicrosPerEventOne: Number(cpuPerEventOne.toFixed(2)),
      monitorCpuMicrosPerEventTwo: Number(cpuPerEventTwo.toFixed(2)),
      // Two processes summed ÷ one process; must stay at or below 1.15.
      cpuPerEventRatio: Number((cpuPerEventTwo / cpuPerEventOne).toFixed(3)),
      redisCpuMicrosPerEventOne: Number((one.redisCpuMicros / events).toFixed(2)),
      redisCpuMicrosPerEventTwo: Number((two.redisCpuMicros / events).toFixed(2)),
      shares: shares.map((share) => Number(share.toFixed(3))),
      sharesWithinTwentyPercentOfHalf: shares.every(
        (share) => Math.abs(share - 0.5) <= 0.5 * SHARE_TOLERANCE,
      ),
      // Above 1: some events were handled twice (a rebalance during the run re-read uncommitted batches).
      handledPerEventTwo: Number((handled(two) / events).toFixed(3)),
    };
  } finally {
    await infra.stop();
  }
}

export const benchmark: Benchmark = {
  name: 'scaleout',
  description: 'Two monitor processes in one consumer group next to one: CPU per event summed, rates, shares',
  run: ({ quick }) => scaleOutBenchmark(quick ? 5_000 : 25_000),
};
