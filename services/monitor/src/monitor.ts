import {
  consumerSettings,
  type Environment,
  eventTimeChecks,
  kafkaSettings,
  redisSettings,
  topics as topicsOf,
  watermarkSettings,
} from '@slawatch/config';
import { prepareEventChecks, TOPIC_FAMILIES, type TopicFamily } from '@slawatch/contract';
import { type CompiledStandards, compileStandards } from '@slawatch/evaluation';
import { KafkaClient } from '@slawatch/kafka';
import {
  createServiceHttp,
  exitForSupervisor,
  type RunningService,
  registerConsumerMetrics,
} from '@slawatch/lifecycle';
import type { Logger } from '@slawatch/logger';
import { createRedis, onReconnect, waitUntilReady } from '@slawatch/redis';
import { ShipmentStore } from '@slawatch/shipment-store';
import { loadStandards } from '@slawatch/standards';
import { AttainmentTally } from './attainment-tally.js';
import { BatchProcessor } from './batch-processor.js';
import { ShipmentCommitter } from './commit-shipments.js';
import { DeadLetterWriter, KAFKA_DEFAULT_MAX_MESSAGE_BYTES } from './dead-letter-writer.js';
import { DeadlineScheduler } from './deadline-scheduler.js';
import { EvidenceWatermark } from './evidence-watermark.js';
import { MonitorMetrics } from './metrics.js';
import { OutboxRelay } from './outbox-relay.js';
import { PartitionLock } from './partition-lock.js';
import { ShipmentEvaluation } from './shipment-evaluation.js';
import { checkMessageSizes, inputTopics, prepareTopics } from './topology.js';
import { registerWatermarkMetrics } from './watermark-metrics.js';
import { WatermarkProbe } from './watermark-probe.js';

export interface Monitor {
  http: ReturnType<typeof createServiceHttp>;
  start(): Promise<RunningService>;
  metrics: MonitorMetrics;
  store: ShipmentStore;
  compiled: CompiledStandards;
}

/** Wires the monitor from configuration; `start` connects and begins consuming. */
export function createMonitor(env: Environment, logger: Logger): Monitor {
  // The hot path's compiled event checks, made now rather than by the first batch of each type.
  prepareEventChecks();
  const standardsFile = loadStandards(env.STANDARDS_FILE);
  const compiled = compileStandards(standardsFile);
  const topics = topicsOf(env);
  const inputs = inputTopics(topics);
  const familyOfTopic = new Map<string, TopicFamily>(TOPIC_FAMILIES.map((f) => [inputs[f], f]));

  const kafka = new KafkaClient(kafkaSettings(env, 'monitor'), logger);
  const redis = createRedis(redisSettings(env), { name: 'slawatch-monitor' });
  const store = new ShipmentStore(redis, { prefix: env.REDIS_KEY_PREFIX, buckets: env.SHIPMENT_BUCKETS });
  const evaluation = new ShipmentEvaluation({
    compiled,
    retentionMs: env.SHIPMENT_RETENTION_SECONDS * 1000,
    orderBound: { maxBeforeOrderMs: env.EVENT_MAX_BEFORE_ORDER_HOURS * 3_600_000 },
  });
  const lock = new PartitionLock();
  const admin = kafka.admin();
  // The watermark probe's own admin fails fast, so it sees the broker back within a second of its return.
  const probeAdmin = kafka.admin({ failFast: true });
  const producer = kafka.producer();
  const watermark = new EvidenceWatermark({ topics: Object.values(inputs), ...watermarkSettings(env) });
  const consumer = kafka.consumer({
    groupId: env.KAFKA_CONSUMER_GROUP,
    topics: Object.values(inputs),
    coPartitioned: true,
    ...consumerSettings(env),
    maxBytesPerPartition: env.MONITOR_BATCH_MAX_BYTES,
    partitionsConsumedConcurrently: env.MONITOR_BATCHES_AT_ONCE,
    onGiveUp: (error) => exitForSupervisor(logger, error),
    // The offsets committed with the state, not Kafka's: after a Redis restart that lost writes they are behind.
    positions: { read: (assignment) => store.offsets(assignment) },
  });
  // A reconnected Redis may have restarted from an AOF a second behind, a promoted cluster replica may lack
  // its master's last writes: read again from what it holds, and judge no deadline on what it may have
  // lost until that is read again.
  onReconnect(redis, () => {
    logger.warn(
      'Redis reconnected (or a cluster slot has a new master): reading every owned partition again from the offsets it holds',
    );
    watermark.forgetAll(Date.now());
    consumer.reposition();
  });
  const ownedPartitions = () =>
    [...new Set(Object.values(consumer.currentAssignment()).flat())].sort((a, b) => a - b);

  const metrics = new MonitorMetrics(compiled, inputs, {
    pendingBuckets: async () => {
      const out = new Map<number, number>();
      for (const p of ownedPartitions()) out.set(p, (await store.dueSummary(p)).buckets);
      return out;
    },
    lag: async () => admin.lag(env.KAFKA_CONSUMER_GROUP, Object.values(inputs)).catch(() => []),
  });

  const relay = new OutboxRelay({
    store,
    producer,
    topic: topics.breaches,
    partitions: ownedPartitions,
    logger,
    onPublished: (count) => metrics.breachesPublished.inc(count),
  });
  const horizon = (partition: number, nowMs: number) => watermark.horizon(partition, nowMs);
  const committer = new ShipmentCommitter({
    store,
    metrics,
    horizon,
    attainment: new AttainmentTally(env.ATTAINMENT_RETENTION_DAYS),
    onCommitted: ({ partition, outboxed }) => {
      if (outboxed > 0) relay.nudge(partition);
    },
  });
  // Read from the topic at start-up, before the first batch.
  let deadLetterMaxBytes = KAFKA_DEFAULT_MAX_MESSAGE_BYTES;
  const deadLetters = new DeadLetterWriter({
    producer,
    topic: topics.deadLetter,
    maxMessageBytes: () => deadLetterMaxBytes,
    logger,
    counters: {
      reduced: (topic) => metrics.deadLettersReduced.inc({ topic }),
      skipped: (topic) => metrics.deadLettersSkipped.inc({ topic }),
    },
  });
  // Known once start-up has checked the input topics, before the first batch.
  let inputPartitions = env.KAFKA_PARTITIONS;
  const processor = new BatchProcessor({
    evaluation,
    committer,
    deadLetters,
    lock,
    metrics,
    logger,
    familyOfTopic,
    maxBytes: env.EVENT_MAX_BYTES,
    timeChecks: eventTimeChecks(env),
    inputPartitions: () => inputPartitions,
    republish: (topic, records) => producer.send(topic, records),
    watermark,
    onCaughtUp: () => scheduler.wake(),
  });
  const scheduler = new DeadlineScheduler({
    store,
    evaluation,
    committer,
    lock,
    partitions: ownedPartitions,
    logger,
    pollIntervalMs: env.DEADLINE_POLL_INTERVAL_MS,
    leaseMs: env.DEADLINE_LEASE_MS,
    bucketsPerPoll: 256,
    horizon,
  });
  const probe = new WatermarkProbe({
    watermark,
    assignment: () => consumer.currentAssignment(),
    storedOffsets: (assignment) => store.offsets(assignment),
    lag: () => probeAdmin.lag(env.KAFKA_CONSUMER_GROUP, Object.values(inputs)),
    intervalMs: Math.min(500, env.DEADLINE_POLL_INTERVAL_MS * 2),
    logger,
  });
  const { maxHoldMs } = watermarkSettings(env);
  registerWatermarkMetrics(metrics.registry, {
    partitions: ownedPartitions,
    watermark,
    heldBuckets: async (partition, nowMs) =>
      (
        await store.dueSummary(partition, {
          heldAfterMs: watermark.horizon(partition, nowMs).horizonMs,
          nowMs,
        })
      ).heldBuckets,
  });

  registerConsumerMetrics(metrics.registry, consumer, env.KAFKA_CONSUMER_GROUP);

  const http = createServiceHttp({
    host: env.HTTP_HOST,
    port: env.HTTP_PORT ?? 9101,
    logger,
    registry: metrics.registry,
    readiness: {
      kafka: async () => consumer.readiness(),
      redis: async () => (await redis.ping()) === 'PONG',
      // Deadlines judged on a partial read with nothing catching up: say which partitions.
      watermark: async () => {
        const stuck = watermark.stuck(ownedPartitions(), Date.now());
        if (stuck.length === 0) return true;
        return {
          ready: false,
          detail: `evidence watermark stuck for more than ${maxHoldMs / 1000} s on partition ${stuck.join(', ')}`,
        };
      },
    },
  });

  async function start(): Promise<RunningService> {
    await waitUntilReady(redis);
    await checkRedisEncoding(redis, logger);
    await admin.connect();
    inputPartitions = await prepareTopics(admin, topics, env.KAFKA_PARTITIONS, env.KAFKA_REPLICATION_FACTOR);
    deadLetterMaxBytes = await checkMessageSizes({ admin, topics, brokers: env.KAFKA_BROKERS, logger });
    await producer.connect();
    await probeAdmin.connect();
    relay.start();
    probe.start();
    scheduler.start();
    await consumer.start((batch) => processor.process(batch));
    logger.info(
      { standardsVersion: compiled.version, standards: compiled.standards.length },
      'monitor consuming',
    );
    return {
      async stop() {
        await consumer.stop();
        await scheduler.stop();
        await probe.stop();
        await relay.stop();
        await Promise.allSettled([producer.disconnect(), admin.disconnect(), probeAdmin.disconnect()]);
        redis.disconnect();
      },
    };
  }

  return { http, start, metrics, store, compiled };
}

/** Bucketed states are only compact if Redis keeps the bucket hashes as listpacks. */
async function checkRedisEncoding(redis: ReturnType<typeof createRedis>, logger: Logger): Promise<void> {
  try {
    const [, value] = (await redis.config('GET', 'hash-max-listpack-value')) as [string, string];
    const [, entries] = (await redis.config('GET', 'hash-max-listpack-entries')) as [string, string];
    if (Number(value) < 192 || Number(entries) < 128) {
      logger.warn(
        { 'hash-max-listpack-value': value, 'hash-max-listpack-entries': entries },
        'Redis hash listpack limits are low: shipment states will use several times more memory (see docs/operations.md)',
      );
    }
  } catch {
    // Managed Redis services often forbid CONFIG; the warning is advice only.
  }
}
