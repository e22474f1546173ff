/**
 * Scale-out: the same events through one monitor process and through two in
 * one consumer group, on the same broker and Redis. On a machine whose cores
 * the broker and Redis share, the rate cannot double; what must hold is the
 * CPU per event: two processes together should spend about what one does
 * (no work repeated, no contention inside the monitor), and each should
 * handle about half of the events (co-partitioned assignment).
 *
 * Both groups are started at once and first read what the topics hold (a
 * warm-up: a fresh process compiles its code as it reads, a fixed cost per
 * process that a five-second run would count twice for two processes).
 * Then, round after round, a new set of shipments is published and each
 * group reads it in turn while the other is paused, the order alternating:
 * side by side under the same load. The ratio is the median of the rounds'
 * (one run swung between 0.85 and 1.30 on this shared machine).
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
  /** User + system CPU of the processes summed, per event handled. */
  cpuPerEvent: number;
  /** Events handled (by all) ÷ events published: above 1 when a rebalance re-read a batch. */
  handledPerEvent: number;
}

/** Monitors in one consumer group and key space, each in its own process, started and paused together. */
class MonitorGroup {
  private readonly processes: MonitorProcess[];

  constructor(infra: { brokers: string; redisUrl: string }, options: { members: number; group: string }) {
    const env = monitorEnvironment(infra, PARTITIONS, {
      KAFKA_CONSUMER_GROUP: options.group,
      // A key space of its own: each group keeps its own states and stored offsets.
      REDIS_KEY_PREFIX: `${options.group}:`,
    });
    this.processes = Array.from({ length: options.members }, () => new MonitorProcess({ env }));
  }

  async whenReady(): Promise<void> {
    await Promise.all(this.processes.map((p) => p.whenReady()));
  }

  /** Reads until together they have handled `events` more, then pauses; the run of each process. */
  async read(events: number, redis: { info(): Promise<string> }): Promise<GroupRun> {
    const before = await redisCounters(redis);
    for (const p of this.processes) p.start();
    await allHandled(this.processes, events);
    const after = await redisCounters(redis);
    const runs = await Promise.all(this.processes.map((p) => p.pause()));
    const handled = runs.reduce((sum, run) => sum + run.events, 0);
    return {
      runs,
      seconds: (Math.max(...runs.map((r) => r.endAtMs)) - Math.min(...runs.map((r) => r.startAtMs))) / 1000,
      redisCpuMicros: after.cpuMicros - before.cpuMicros,
      cpuPerEvent: runs.reduce((sum, run) => sum + run.cpuMicros, 0) / handled,
      handledPerEvent: handled / events,
    };
  }

  async finish(): Promise<void> {
    await Promise.all(this.processes.map((p) => p.finish()));
  }
}

function median(values: number[]): number {
  const sorted = [...values].sort((a, b) => a - b);
  const middle = Math.floor(sorted.length / 2);
  return sorted.length % 2 === 1 ? sorted[middle]! : (sorted[middle - 1]! + sorted[middle]!) / 2;
}

const round3 = (value: number) => Number(value.toFixed(3));
const round2 = (value: number) => Number(value.toFixed(2));

export async function scaleOutBenchmark(options: { shipments: number; rounds: number }) {
  const { shipments, rounds } = options;
  const logger = createLogger({ name: 'bench', level: 'warn', format: 'json' });
  const infra = await startLocalInfra({ rebalanceDelayMs: REBALANCE_DELAY_MS });
  const redis = createRedis({ url: infra.redisUrl }, { name: 'bench' });
  try {
    const published = { brokers: infra.brokers, partitions: PARTITIONS, shipments, logger };
    const { events } = await publishShipments(published);
    const one = new MonitorGroup(infra, { members: 1, group: 'scaleout-one' });
    const two = new MonitorGroup(infra, { members: 2, group: 'scaleout-two' });
    await Promise.all([one.whenReady(), two.whenReady()]);
    await one.read(events, redis);
    await two.read(events, redis);

    const measured: Array<{ one: GroupRun; two: GroupRun }> = [];
    for (let round = 1; round <= rounds; round++) {
      // A new set each round (new waybills), read by both groups in turn, the first alternating.
      await publishShipments({ ...published, firstShipment: round * shipments });
      const first = round % 2 === 1 ? one : two;
      const firstRun = await first.read(events, redis);
      const secondRun = await (first === one ? two : one).read(events, redis);
      const pair = first === one ? { one: firstRun, two: secondRun } : { one: secondRun, two: firstRun };
      measured.push(pair);
      console.error(
        `round ${round}: one ${pair.one.cpuPerEvent.toFixed(2)} µs/event, two ${pair.two.cpuPerEvent.toFixed(2)}, ratio ${(pair.two.cpuPerEvent / pair.one.cpuPerEvent).toFixed(3)}`,
      );
    }
    await Promise.all([one.finish(), two.finish()]);

    const ratios = measured.map((m) => m.two.cpuPerEvent / m.one.cpuPerEvent);
    const shares = measured.map((m) => {
      const handled = m.two.runs.reduce((sum, run) => sum + run.events, 0);
      return m.two.runs.map((run) => round3(run.events / handled));
    });
    return {
      shipments,
      events,
      partitions: PARTITIONS,
      rounds,
      eventsPerSecondOne: Math.round(median(measured.map((m) => events / m.one.seconds))),
      eventsPerSecondTwo: Math.round(median(measured.map((m) => events / m.two.seconds))),
      monitorCpuMicrosPerEventOne: round2(median(measured.map((m) => m.one.cpuPerEvent))),
      monitorCpuMicrosPerEventTwo: round2(median(measured.map((m) => m.two.cpuPerEvent))),
      // Two processes summed ÷ one process, the median of the rounds; must stay at or below 1.15.
      cpuPerEventRatio: round3(median(ratios)),
      cpuPerEventRatioRounds: ratios.map(round3),
      redisCpuMicrosPerEventOne: round2(median(measured.map((m) => m.one.redisCpuMicros / events))),
      redisCpuMicrosPerEventTwo: round2(median(measured.map((m) => m.two.redisCpuMicros / events))),
      // Each round's shares of the two processes.
      shares,
      sharesWithinTwentyPercentOfHalf: shares.every((pair) =>
        pair.every((share) => Math.abs(share - 0.5) <= 0.5 * SHARE_TOLERANCE),
      ),
      // Above 1: some events were handled twice (a rebalance during a round re-read uncommitted batches).
      handledPerEventTwo: round3(Math.max(...measured.map((m) => m.two.handledPerEvent))),
    };
  } finally {
    redis.disconnect();
    await infra.stop();
  }
}

export const benchmark: Benchmark = {
  name: 'scaleout',
  description: 'Two monitor processes in one consumer group next to one: CPU per event summed, rates, shares',
  run: ({ quick }) =>
    scaleOutBenchmark(quick ? { shipments: 5_000, rounds: 1 } : { shipments: 25_000, rounds: 3 }),
};
