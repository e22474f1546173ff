/**
 * Ingestion and evaluation throughput of one monitor process next to a
 * no-op kafkajs consumer reading the same topics, in the same run.
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

export async function ingestionBenchmark(shipments: number) {
  const partitions = 6;
  const logger = createLogger({ name: 'bench', level: 'warn', format: 'json' });
  const infra = await startLocalInfra();
  try {
    const { topics, events } = await publishShipments({
      brokers: infra.brokers,
      partitions,
      shipments,
      logger,
    });

    // 1. The baseline: a kafkajs consumer that does nothing with the records.
    const raw = new Kafka({ brokers: [infra.brokers], clientId: 'noop', logLevel: logLevel.NOTHING });
    const noop = raw.consumer({ groupId: 'bench-noop' });
    await noop.connect();
    await noop.subscribe({ topics, fromBeginning: true });
    let seen = 0;
    // This process does nothing else meanwhile: its CPU is the client's cost of reading the records.
    let noopCpuStart = process.cpuUsage();
    // Timed from the first batch, so the group join (seconds) does not dilute either rate.
    let noopStart = 0;
    const noopDone = new Promise<void>((resolve) => {
      void noop.run({
        partitionsConsumedConcurrently: 3,
        eachBatch: async ({ batch }) => {
          if (noopStart === 0) {
            noopStart = performance.now();
            noopCpuStart = process.cpuUsage();
          }
          seen += batch.messages.length;
          if (seen >= events) resolve();
        },
      });
    });
    await noopDone;
    const noopSeconds = (performance.now() - noopStart) / 1000;
    const noopCpu = process.cpuUsage(noopCpuStart);
    await noop.disconnect();

    // 2. slawatch: parse, validate, deduplicate, evaluate, store, on the same topics, in a process of its own.
    const redis = createRedis({ url: infra.redisUrl }, { name: 'bench' });
    const monitor = new MonitorProcess({
      env: monitorEnvironment(infra, partitions),
      profileDirectory: process.env['BENCH_CPU_PROFILE_DIR'],
    });
    await monitor.whenReady();
    const redisBefore = await redisCounters(redis);
    monitor.start();
    await allHandled([monitor], events);
    const redisAfter = await redisCounters(redis);
    const run = await monitor.finish();
    redis.disconnect();

    const noopRate = events / noopSeconds;
    const monitorRate = run.events / run.seconds;
    const figures = {
      shipments,
      events,
      partitions,
      noopEventsPerSecond: Math.round(noopRate),
      slawatchEventsPerSecond: Math.round(monitorRate),
      eventsPerSecond: Math.round(monitorRate),
      ratio: Number((monitorRate / noopRate).toFixed(3)),
      // User + system CPU of the monitor's process from its last idle sample to the end, per event handled.
      monitorCpuMicrosPerEvent: Number((run.cpuMicros / run.events).toFixed(2)),
      // The same for the no-op kafkajs consumer (this process while it alone ran): the client's share.
      noopCpuMicrosPerEvent: Number(((noopCpu.user + noopCpu.system) / events).toFixed(2)),
      redisCpuMicrosPerEvent: Number(((redisAfter.cpuMicros - redisBefore.cpuMicros) / events).toFixed(2)),
      // Requests Redis read from its clients (a pipeline or a script call is one): the monitor's, with its scheduler's and probe's.
      redisRoundTripsPerEvent: Number(((redisAfter.reads - redisBefore.reads) / events).toFixed(4)),
      redisCommandsPerEvent: Number(((redisAfter.commands - redisBefore.commands) / events).toFixed(3)),
      batches: run.batches,
      eventsPerBatch: Number((events / run.batches).toFixed(1)),
      // Batches overlap (three partitions at a time), so this exceeds the wall time.
      batchSecondsSummed: Number(run.batchSeconds.toFixed(2)),
      wallSeconds: Number(run.seconds.toFixed(2)),
    };
    return figures;
  } finally {
    await infra.stop();
  }
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
