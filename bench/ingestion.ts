/**
 * Ingestion and evaluation throughput of one monitor process next to a
 * no-op kafkajs consumer reading the same topics, in the same run.
 *
 * Run through bench/main.ts.
 */
import { loadEnvironment } from '@slawatch/config';
import { KafkaClient } from '@slawatch/kafka';
import { createLogger } from '@slawatch/logger';
import { createRedis } from '@slawatch/redis';
import { Kafka, logLevel } from 'kafkajs';
import type { Benchmark } from './benchmark.js';
import { startLocalInfra } from './local-infra.js';
import { allHandled, MonitorProcess, redisCounters } from './monitor-process.js';
import { shipmentRecords } from './shipments.js';

export async function ingestionBenchmark(shipments: number) {
  const partitions = 6;
  const logger = createLogger({ name: 'bench', level: 'warn', format: 'json' });
  const infra = await startLocalInfra();
  try {
    const env = loadEnvironment({
      KAFKA_BROKERS: infra.brokers,
      REDIS_URL: infra.redisUrl,
      KAFKA_PARTITIONS: String(partitions),
      STANDARDS_FILE: 'standards/default.yaml',
      LOG_LEVEL: 'warn',
      LOG_FORMAT: 'json',
      HTTP_PORT: '19999',
    });
    const topics = [env.TOPIC_ORDERS, env.TOPIC_DISPATCH, env.TOPIC_DELIVERY, env.TOPIC_AFTERSALES];
    const client = new KafkaClient({ brokers: [infra.brokers], clientId: 'bench' }, logger);
    const admin = client.admin();
    await admin.connect();
    await admin.ensureTopics(
      [...topics, env.TOPIC_BREACHES]
        .map((topic) => ({ topic, partitions }))
        .concat({ topic: env.TOPIC_DLQ, partitions: 1 }),
    );
    const { byFamily, events } = shipmentRecords(shipments, Date.now() - 3_600_000);
    const producer = client.producer();
    await producer.connect();
    const familyTopic: Record<string, string> = {
      orders: env.TOPIC_ORDERS,
      dispatch: env.TOPIC_DISPATCH,
      delivery: env.TOPIC_DELIVERY,
      aftersales: env.TOPIC_AFTERSALES,
    };
    for (const [family, records] of byFamily) {
      for (let i = 0; i < records.length; i += 2000)
        await producer.send(familyTopic[family]!, records.slice(i, i + 2000));
    }
    await producer.disconnect();
    console.error(`published ${events} events of ${shipments} shipments`);

    // 1. The baseline: a kafkajs consumer that does nothing with the records.
    const raw = new Kafka({ brokers: [infra.brokers], clientId: 'noop', logLevel: logLevel.NOTHING });
    const noop = raw.consumer({ groupId: 'bench-noop' });
    await noop.connect();
    await noop.subscribe({ topics, fromBeginning: true });
    let seen = 0;
    // Timed from the first batch, so the group join (seconds) does not dilute either rate.
    let noopStart = 0;
    const noopDone = new Promise<void>((resolve) => {
      void noop.run({
        partitionsConsumedConcurrently: 3,
        eachBatch: async ({ batch }) => {
          if (noopStart === 0) noopStart = performance.now();
          seen += batch.messages.length;
          if (seen >= events) resolve();
        },
      });
    });
    await noopDone;
    const noopSeconds = (performance.now() - noopStart) / 1000;
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
    await admin.disconnect();

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
