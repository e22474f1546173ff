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
import { createMonitor } from '../services/monitor/src/monitor.js';
import type { Benchmark } from './benchmark.js';
import { startLocalInfra } from './local-infra.js';
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

    // 2. slawatch: parse, validate, deduplicate, evaluate, store, on the same topics.
    const redis = createRedis({ url: infra.redisUrl }, { name: 'bench' });
    const statsBefore = await commandCount(redis);
    const monitor = createMonitor(env, logger);
    const running = await monitor.start();
    let monitorStart = 0;
    for (;;) {
      const processed = sumOf(await monitor.metrics.events.get());
      if (monitorStart === 0 && processed > 0) monitorStart = performance.now();
      if (processed >= events) break;
      await new Promise((resolve) => setTimeout(resolve, 5));
    }
    const monitorSeconds = (performance.now() - monitorStart) / 1000;
    const statsAfter = await commandCount(redis);
    const batchHistogram = await monitor.metrics.batchSeconds.get();
    const batchSeconds = sumOf(batchHistogram, '_sum');
    const batches = sumOf(batchHistogram, '_count');
    await running.stop();
    redis.disconnect();
    await admin.disconnect();

    const noopRate = events / noopSeconds;
    const monitorRate = events / monitorSeconds;
    const figures = {
      shipments,
      events,
      partitions,
      noopEventsPerSecond: Math.round(noopRate),
      slawatchEventsPerSecond: Math.round(monitorRate),
      ratio: Number((monitorRate / noopRate).toFixed(3)),
      batches,
      eventsPerBatch: Number((events / batches).toFixed(1)),
      redisCommandsPerEvent: Number(((statsAfter - statsBefore) / events).toFixed(3)),
      // Batches overlap (three partitions at a time), so this exceeds the wall time.
      batchSecondsSummed: Number(batchSeconds.toFixed(2)),
      wallSeconds: Number(monitorSeconds.toFixed(2)),
      redisRoundTripsPerEvent: Number(((2 * batches) / events).toFixed(4)),
    };
    return figures;
  } finally {
    await infra.stop();
  }
}

/** Sum of a prom-client metric's samples; for a histogram, of its `_sum` or `_count` samples. */
function sumOf(metric: { values: Array<{ value: number; metricName?: string }> }, suffix = ''): number {
  return metric.values
    .filter((v) => suffix === '' || v.metricName?.endsWith(suffix))
    .reduce((sum, v) => sum + v.value, 0);
}

async function commandCount(redis: ReturnType<typeof createRedis>): Promise<number> {
  const info = await redis.info('stats');
  return Number(/total_commands_processed:(\d+)/.exec(info)?.[1] ?? 0);
}

export const benchmark: Benchmark = {
  name: 'ingestion',
  description: 'Events per second through one monitor, next to a no-op kafkajs consumer on the same topics',
  run: ({ quick }) => ingestionBenchmark(quick ? 5_000 : 25_000),
};
