/**
 * Valid events per second through one monitor on clean traffic, next to the
 * same valid events with 10 % hostile records mixed in (the seeded records
 * of the adversarial fuzz test): what refusing and dead-lettering garbage
 * costs the events that matter. Same broker, same Redis, one run after the other.
 *
 * Run through bench/main.ts.
 */
import { loadEnvironment } from '@slawatch/config';
import { KafkaClient, type OutgoingRecord } from '@slawatch/kafka';
import { createLogger, type Logger } from '@slawatch/logger';
import { createMonitor } from '../services/monitor/src/monitor.js';
import { adversarialRecords } from '../services/monitor/test/adversarial-records.js';
import type { Benchmark } from './benchmark.js';
import { startLocalInfra } from './local-infra.js';
import { shipmentRecords } from './shipments.js';

const PARTITIONS = 6;
/** Hostile records as a share of all records in the mixed run. */
const HOSTILE_SHARE = 0.1;

interface Run {
  name: string;
  /** Records by topic family, in publishing order. */
  byFamily: Map<string, OutgoingRecord[]>;
  records: number;
}

/** Publishes the run's records to fresh topics, then times one monitor through all of them. */
async function timedRun(run: Run, infra: { brokers: string; redisUrl: string }, logger: Logger) {
  const env = loadEnvironment({
    KAFKA_BROKERS: infra.brokers,
    REDIS_URL: infra.redisUrl,
    KAFKA_PARTITIONS: String(PARTITIONS),
    STANDARDS_FILE: 'standards/default.yaml',
    LOG_LEVEL: 'warn',
    LOG_FORMAT: 'json',
    HTTP_PORT: run.name === 'clean' ? '19998' : '19997',
    TOPIC_ORDERS: `${run.name}.orders`,
    TOPIC_DISPATCH: `${run.name}.dispatch`,
    TOPIC_DELIVERY: `${run.name}.delivery`,
    TOPIC_AFTERSALES: `${run.name}.aftersales`,
    TOPIC_BREACHES: `${run.name}.breaches`,
    TOPIC_DLQ: `${run.name}.dlq`,
    KAFKA_CONSUMER_GROUP: `${run.name}-monitor`,
    REDIS_KEY_PREFIX: `${run.name}:`,
  });
  const familyTopic: Record<string, string> = {
    orders: env.TOPIC_ORDERS,
    dispatch: env.TOPIC_DISPATCH,
    delivery: env.TOPIC_DELIVERY,
    aftersales: env.TOPIC_AFTERSALES,
  };
  const client = new KafkaClient({ brokers: [infra.brokers], clientId: `bench-${run.name}` }, logger);
  const admin = client.admin();
  await admin.connect();
  // Inputs take the fuzz test's 900 KB records, so that the monitor, not the broker, refuses them.
  const large = { 'max.message.bytes': String(8 * 1024 * 1024) };
  await admin.ensureTopics([
    ...Object.values(familyTopic).map((topic) => ({ topic, partitions: PARTITIONS, config: large })),
    { topic: env.TOPIC_BREACHES, partitions: PARTITIONS },
    { topic: env.TOPIC_DLQ, partitions: 1 },
  ]);
  await admin.disconnect();
  const producer = client.producer();
  await producer.connect();
  for (const [family, records] of run.byFamily) {
    for (let i = 0; i < records.length; i += 2000)
      await producer.send(familyTopic[family]!, records.slice(i, i + 2000));
  }
  await producer.disconnect();
  console.error(`${run.name}: published ${run.records} records`);

  const monitor = createMonitor(env, logger);
  const running = await monitor.start();
  // Timed from the first record counted, so the group join (seconds) does not dilute the rate.
  let started = 0;
  let progress = { processed: 0, at: performance.now() };
  for (;;) {
    const processed = (await monitor.metrics.events.get()).values.reduce((sum, v) => sum + v.value, 0);
    if (started === 0 && processed > 0) started = performance.now();
    if (processed >= run.records) break;
    if (processed > progress.processed) progress = { processed, at: performance.now() };
    // A stall is a finding, not a figure: stop and say how far it got.
    if (performance.now() - progress.at > 60_000) {
      await running.stop();
      throw new Error(`${run.name}: stalled at ${processed} of ${run.records} records`);
    }
    await new Promise((resolve) => setTimeout(resolve, 5));
  }
  const seconds = (performance.now() - started) / 1000;
  await running.stop();
  return seconds;
}

/** Two streams merged evenly, each keeping its own order. */
function interleaved(valid: OutgoingRecord[], hostile: OutgoingRecord[]): OutgoingRecord[] {
  const placed = [
    ...valid.map((record, i) => ({ at: (i + 0.5) / valid.length, record })),
    ...hostile.map((record, i) => ({ at: (i + 0.5) / hostile.length, record })),
  ];
  return placed.sort((a, b) => a.at - b.at).map((p) => p.record);
}

export async function adversarialBenchmark(shipments: number) {
  const logger = createLogger({ name: 'bench', level: 'warn', format: 'json' });
  const infra = await startLocalInfra();
  try {
    const startMs = Date.now() - 3_600_000;
    const { byFamily, events } = shipmentRecords(shipments, startMs);
    const hostile = adversarialRecords({
      seed: 13,
      count: Math.round((events * HOSTILE_SHARE) / (1 - HOSTILE_SHARE)),
      validWaybills: byFamily.get('orders')!.map((r) => r.key),
      timeMs: startMs,
      partitions: PARTITIONS,
    });
    // The lifecycle has no after-sales events: that topic gets hostile records only.
    const mixed = new Map<string, OutgoingRecord[]>();
    for (const family of ['orders', 'dispatch', 'delivery', 'aftersales']) {
      const valid = byFamily.get(family) ?? [];
      const garbage = hostile.filter((h) => h.topicFamily === family).map((h) => h.record);
      mixed.set(family, interleaved(valid, garbage));
    }
    const cleanSeconds = await timedRun({ name: 'clean', byFamily, records: events }, infra, logger);
    const mixedSeconds = await timedRun(
      { name: 'mixed', byFamily: mixed, records: events + hostile.length },
      infra,
      logger,
    );
    const clean = events / cleanSeconds;
    const mixedValid = events / mixedSeconds;
    return {
      shipments,
      validEvents: events,
      hostileRecords: hostile.length,
      hostileShare: Number((hostile.length / (events + hostile.length)).toFixed(3)),
      partitions: PARTITIONS,
      cleanEventsPerSecond: Math.round(clean),
      mixedValidEventsPerSecond: Math.round(mixedValid),
      mixedRecordsPerSecond: Math.round((events + hostile.length) / mixedSeconds),
      ratio: Number((mixedValid / clean).toFixed(3)),
      cleanSeconds: Number(cleanSeconds.toFixed(2)),
      mixedSeconds: Number(mixedSeconds.toFixed(2)),
    };
  } finally {
    await infra.stop();
  }
}

export const benchmark: Benchmark = {
  name: 'adversarial',
  description: 'Valid events per second through one monitor, clean and with 10 % hostile records mixed in',
  run: ({ quick }) => adversarialBenchmark(quick ? 5_000 : 25_000),
};
