/**
 * Ingestion and evaluation throughput of one monitor process next to a
 * no-op kafkajs consumer reading the same topics, in the same run.
 *
 * Two sets of the same shape (the second with new waybills) are read one
 * after the other. The monitor's process reads the first fresh, then the
 * second with its code compiled and its Redis holding the first set's
 * states, as a monitor that has run for a while does: the second run gives
 * the figures (a monitor runs for days; its start is paid once), the first
 * is reported as `cold…`. The no-op consumer reads both sets in one go; its
 * rate over each half is the baseline of the matching run.
 *
 * In both sets a shipment's events of one topic are next to each other, as
 * in a backlog: a batch holds several events of a waybill, judged together.
 * A third set, published step by step so that a batch holds one event per
 * waybill (as in a live stream, where a parcel's events come hours apart),
 * is read last by the same monitor: `live…` figures, every event paying for
 * a load, a judgement and a store of its shipment. Its batches are capped at
 * one step (1 MB a partition): the service's default cap would take two steps
 * of a parcel into one batch, which a live stream never does.
 *
 * Run through bench/main.ts.
 */
import { createLogger } from '@slawatch/logger';
import { createRedis } from '@slawatch/redis';
import { Kafka, logLevel } from 'kafkajs';
import type { Benchmark } from './benchmark.js';
import { startLocalInfra } from './local-infra.js';
import { allHandled, MonitorProcess, redisCounters } from './monitor-process.js';
import { publishShipments } from './published-shipments.js';

interface NoopWindow {
  eventsPerSecond: number;
  cpuMicrosPerEvent: number;
}

/**
 * A kafkajs consumer that does nothing with the records reads both sets
 * (`events` each) in this process, which does nothing else meanwhile: its
 * CPU is the client's cost of reading them. It fetches as much of a
 * partition at once, and handles as many batches at once, as the monitor
 * does (bigger fetches read faster).
 * Each half is timed on its own, from the first batch (the group join's
 * seconds would dilute the rate).
 */
async function noopHalves(options: {
  brokers: string;
  topics: string[];
  events: number;
  maxBytesPerPartition: number;
  partitionsConsumedConcurrently: number;
}): Promise<{ first: NoopWindow; second: NoopWindow }> {
  const { brokers, topics, events, maxBytesPerPartition, partitionsConsumedConcurrently } = options;
  const raw = new Kafka({ brokers: [brokers], clientId: 'noop', logLevel: logLevel.NOTHING });
  const noop = raw.consumer({ groupId: 'bench-noop', maxBytesPerPartition });
  await noop.connect();
  await noop.subscribe({ topics, fromBeginning: true });
  const marks: Array<{ seen: number; atMs: number; cpu: NodeJS.CpuUsage }> = [];
  const mark = (seen: number) => marks.push({ seen, atMs: performance.now(), cpu: process.cpuUsage() });
  let seen = 0;
  await new Promise<void>((resolve) => {
    void noop.run({
      partitionsConsumedConcurrently,
      eachBatch: async ({ batch }) => {
        if (marks.length === 0) mark(0);
        seen += batch.messages.length;
        if (marks.length === 1 && seen >= events) mark(seen);
        if (marks.length === 2 && seen >= 2 * events) {
          mark(seen);
          resolve();
        }
      },
    });
  });
  await noop.disconnect();
  const window = (from: number): NoopWindow => {
    const [a, b] = [marks[from]!, marks[from + 1]!];
    const read = b.seen - a.seen;
    const cpu = b.cpu.user - a.cpu.user + b.cpu.system - a.cpu.system;
    return { eventsPerSecond: (read / (b.atMs - a.atMs)) * 1000, cpuMicrosPerEvent: cpu / read };
  };
  return { first: window(0), second: window(1) };
}

/**
 * A live run's largest batch per partition: one step of the live set, about
 * 1 MB a partition, so that a batch holds one event per waybill (a live
 * stream's batches are small whatever the cap).
 */
const LIVE_BATCH_BYTES = 1_048_576;

export async function ingestionBenchmark(shipments: number) {
  const partitions = 6;
  const logger = createLogger({ name: 'bench', level: 'warn', format: 'json' });
  const infra = await startLocalInfra();
  try {
    const published = { brokers: infra.brokers, partitions, shipments, logger };
    const { topics, events } = await publishShipments(published);
    const redis = createRedis({ url: infra.redisUrl }, { name: 'bench' });
    // slawatch: parse, validate, deduplicate, evaluate, store, in a process of its own.
    const monitor = new MonitorProcess({
      env: monitorEnvironment(infra, partitions),
      profileDirectory: process.env['BENCH_CPU_PROFILE_DIR'],
    });
    await monitor.whenReady();
    monitor.start();
    await allHandled([monitor], events);
    const cold = await monitor.pause();

    await publishShipments({ ...published, firstShipment: shipments });
    // The no-op reads the way the monitor does: as much of a partition, as many batches at once.
    const settings = monitor.settings();
    const noop = await noopHalves({
      brokers: infra.brokers,
      topics,
      events,
      maxBytesPerPartition: settings.MONITOR_BATCH_MAX_BYTES,
      partitionsConsumedConcurrently: settings.MONITOR_BATCHES_AT_ONCE,
    });

    const redisBefore = await redisCounters(redis);
    monitor.start();
    await allHandled([monitor], events);
    const redisAfter = await redisCounters(redis);
    // The live run's monitor reads batches of one step (see LIVE_BATCH_BYTES).
    const run = await monitor.pause({ MONITOR_BATCH_MAX_BYTES: String(LIVE_BATCH_BYTES) });

    await publishShipments({ ...published, firstShipment: 2 * shipments, byStep: true });
    monitor.start();
    await allHandled([monitor], events);
    const live = await monitor.finish();
    redis.disconnect();

    const monitorRate = run.events / run.seconds;
    const coldRate = cold.events / cold.seconds;
    const figures = {
      shipments,
      events,
      partitions,
      noopEventsPerSecond: Math.round(noop.second.eventsPerSecond),
      slawatchEventsPerSecond: Math.round(monitorRate),
      eventsPerSecond: Math.round(monitorRate),
      ratio: Number((monitorRate / noop.second.eventsPerSecond).toFixed(3)),
      // User + system CPU of the monitor's process from its last idle sample to the end, per event handled.
      monitorCpuMicrosPerEvent: Number((run.cpuMicros / run.events).toFixed(2)),
      // Of which on the main thread (the rest is V8's helper threads, mostly the collector's), and how much of the run's wall time that thread was busy: near 1, the monitor's rate is bound by it.
      monitorMainThreadCpuMicrosPerEvent: perEvent(run.mainThreadCpuMicros, run.events),
      monitorMainThreadBusyShare: share(run.mainThreadCpuMicros, run.seconds),
      // How much of the run that thread was ready but waited for a core (the broker, Redis, V8's helpers and other work hold both); the rest of its time it waited for Redis or a fetch.
      monitorMainThreadWaitingForCoreShare: share(run.mainThreadWaitingMicros, run.seconds),
      // Of which the main thread stood in the garbage collector (pauses; its helper threads' work is in the CPU too).
      monitorGcPauseMicrosPerEvent: Number((run.gcPauseMicros / run.events).toFixed(2)),
      // The same for the no-op kafkajs consumer (this process while it alone ran): the client's share.
      noopCpuMicrosPerEvent: Number(noop.second.cpuMicrosPerEvent.toFixed(2)),
      redisCpuMicrosPerEvent: Number(((redisAfter.cpuMicros - redisBefore.cpuMicros) / events).toFixed(2)),
      // Requests Redis read from its clients (a pipeline or a script call is one): the monitor's, with its scheduler's and probe's.
      redisRoundTripsPerEvent: Number(((redisAfter.reads - redisBefore.reads) / events).toFixed(4)),
      redisCommandsPerEvent: Number(((redisAfter.commands - redisBefore.commands) / events).toFixed(3)),
      batches: run.batches,
      eventsPerBatch: Number((events / run.batches).toFixed(1)),
      // Batches overlap (MONITOR_BATCHES_AT_ONCE at a time), so this exceeds the wall time.
      batchSecondsSummed: Number(run.batchSeconds.toFixed(2)),
      wallSeconds: Number(run.seconds.toFixed(2)),
      // The first set, read by the fresh process (its code compiled on the way) next to the no-op's first half.
      coldEventsPerSecond: Math.round(coldRate),
      coldRatio: Number((coldRate / noop.first.eventsPerSecond).toFixed(3)),
      coldMonitorCpuMicrosPerEvent: Number((cold.cpuMicros / cold.events).toFixed(2)),
      coldNoopEventsPerSecond: Math.round(noop.first.eventsPerSecond),
      // The third set, one event per waybill in a batch, warm.
      liveEventsPerSecond: Math.round(live.events / live.seconds),
      liveMonitorCpuMicrosPerEvent: Number((live.cpuMicros / live.events).toFixed(2)),
      liveMonitorMainThreadCpuMicrosPerEvent: perEvent(live.mainThreadCpuMicros, live.events),
      liveMonitorGcPauseMicrosPerEvent: Number((live.gcPauseMicros / live.events).toFixed(2)),
    };
    return figures;
  } finally {
    await infra.stop();
  }
}

/** µs per event, or null where the platform has no per-thread counters. */
function perEvent(micros: number | undefined, events: number): number | null {
  return micros === undefined ? null : Number((micros / events).toFixed(2));
}

/** CPU seconds per wall second, or null where the platform has no per-thread counters. */
function share(micros: number | undefined, seconds: number): number | null {
  return micros === undefined ? null : Number((micros / 1e6 / seconds).toFixed(3));
}

/** The monitor's environment for a benchmark on its own Kafka and Redis. */
export function monitorEnvironment(
  infra: { brokers: string; redisUrl: string },
  partitions: number,
  extra: Record<string, string> = {},
): Record<string, string> {
  return {
    KAFKA_BROKERS: infra.brokers,
    REDIS_URL: infra.redisUrl,
    KAFKA_PARTITIONS: String(partitions),
    STANDARDS_FILE: 'standards/default.yaml',
    LOG_LEVEL: 'warn',
    LOG_FORMAT: 'json',
    ...extra,
  };
}

export const benchmark: Benchmark = {
  name: 'ingestion',
  description: 'Events per second through one monitor, next to a no-op kafkajs consumer on the same topics',
  run: ({ quick }) => ingestionBenchmark(quick ? 5_000 : 25_000),
};
