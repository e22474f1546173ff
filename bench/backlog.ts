/**
 * A backlog after an outage: with the monitor stopped, shipments are ordered
 * whose pickup deadlines fall during the outage, half of them picked up
 * (published) before their deadline and half not. The monitor starts after
 * every deadline has passed and reads the backlog. Judged on the evidence
 * watermark, only the shipments without a pickup may breach; judged on the
 * wall clock (the same run with a one-second maximum hold and no tolerance,
 * which is what the monitor did before the watermark), the picked-up ones
 * are opened and retracted too. Run through bench/main.ts.
 */
import { mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { loadEnvironment } from '@slawatch/config';
import { sampleEvent } from '@slawatch/contract';
import { KafkaClient, type OutgoingRecord } from '@slawatch/kafka';
import { createLogger, type Logger } from '@slawatch/logger';
import { createMonitor } from '../services/monitor/src/monitor.js';
import { monitorTopics } from '../test/harness/monitor-topics.js';
import type { Benchmark } from './benchmark.js';
import { percentile, root, startLocalInfra } from './local-infra.js';

/** The demo pickup standard (20 s) alone, so every breach in the run is about the evidence published. */
const PICKUP_DEADLINE_MS = 20_000;
const SEGMENTS = ['ecommerce', 'key_account', 'sme', 'individual'] as const;

interface BreachSeen {
  waybill: string;
  standard: string;
  status: string;
  detectedAt: string;
  judgedBeforeBacklogRead?: boolean;
  publishedMs: number;
}

interface RunOptions {
  shipments: number;
  brokers: string;
  redisUrl: string;
  standardsFile: string;
  name: string;
  /** Overrides for the monitor: the wall-clock comparison sets the hold to 1 s and no tolerance. */
  monitorEnv: Record<string, string>;
  logger: Logger;
}

/** The demo standards file's header and its pickup standard, cut from its text (each standard starts at `  - id:`). */
function pickupOnlyStandards(): string {
  const demo = readFileSync(join(root, 'standards/demo.yaml'), 'utf8');
  const header = demo.slice(0, demo.indexOf('\nstandards:') + '\nstandards:\n'.length);
  const start = demo.indexOf('  - id: pickup_on_time');
  const end = demo.indexOf('\n  - id:', start + 1);
  const folder = mkdtempSync(join(tmpdir(), 'slawatch-backlog-'));
  const file = join(folder, 'pickup-only.yaml');
  writeFileSync(file, header + demo.slice(start, end === -1 ? undefined : end + 1));
  return file;
}

async function backlogRun(options: RunOptions) {
  const { shipments, brokers, redisUrl, standardsFile, name, logger } = options;
  const env = loadEnvironment({
    KAFKA_BROKERS: brokers,
    REDIS_URL: redisUrl,
    STANDARDS_FILE: standardsFile,
    LOG_LEVEL: 'warn',
    LOG_FORMAT: 'json',
    HTTP_PORT: '19997',
    DEADLINE_POLL_INTERVAL_MS: '100',
    // Sized as docs/operations.md says, about a hundred in-flight shipments a bucket (6 partitions).
    SHIPMENT_BUCKETS: String(Math.max(8, Math.ceil(shipments / 6 / 100))),
    ...monitorTopics(name).env,
    ...options.monitorEnv,
  });
  const client = new KafkaClient({ brokers: [brokers], clientId: `bench-${name}` }, logger);
  // A first start creates the topics and the group; then the monitor is down for the whole outage.
  const first = createMonitor(env, logger);
  await (await first.start()).stop();

  const breaches: BreachSeen[] = [];
  const reader = client.consumer({ groupId: `${name}-reader`, topics: [env.TOPIC_BREACHES] });
  await reader.start(async (batch) => {
    for (const record of batch.records) {
      const change = JSON.parse(String(record.value)) as Omit<BreachSeen, 'publishedMs'>;
      breaches.push({ ...change, publishedMs: Number(record.timestamp) });
    }
  });

  const producer = client.producer();
  await producer.connect();
  // In chunks, each chunk's pickups published right after its orders: well before their deadline.
  const pickedUp = new Set<string>();
  let records = 0;
  let lastOrderedMs = 0;
  const CHUNK = 2_000;
  for (let first = 0; first < shipments; first += CHUNK) {
    const orderedMs = Date.now();
    lastOrderedMs = orderedMs;
    const orders: OutgoingRecord[] = [];
    const pickups: OutgoingRecord[] = [];
    for (let i = first; i < Math.min(shipments, first + CHUNK); i++) {
      const waybill = `BL${name.length}${String(i).padStart(10, '0')}`;
      const order = sampleEvent('order.created', {
        subject: waybill,
        id: `${waybill}-order`,
        time: new Date(orderedMs).toISOString(),
      });
      Object.assign(order.data, { segment: SEGMENTS[i % SEGMENTS.length], product: 'standard' });
      orders.push({ key: waybill, value: JSON.stringify(order) });
      if (i % 2 === 0) pickedUp.add(waybill);
    }
    await producer.send(env.TOPIC_ORDERS, orders);
    const pickedUpMs = Date.now();
    for (const { key } of orders) {
      if (!pickedUp.has(String(key))) continue;
      const pickup = sampleEvent('dispatch.picked_up', {
        subject: String(key),
        id: `${String(key)}-pickup`,
        time: new Date(pickedUpMs).toISOString(),
      });
      pickups.push({ key, value: JSON.stringify(pickup) });
    }
    await producer.send(env.TOPIC_DISPATCH, pickups);
    if (Date.now() > orderedMs + PICKUP_DEADLINE_MS / 2)
      throw new Error('a chunk took too long to publish for its deadline; the machine is overloaded');
    records += orders.length + pickups.length;
  }
  await producer.disconnect();

  // Every deadline passes during the outage.
  const restartMs = lastOrderedMs + PICKUP_DEADLINE_MS + 5_000;
  while (Date.now() < restartMs) await sleep(250);

  const monitor = createMonitor(env, logger);
  const cpuBefore = process.cpuUsage();
  const startedMs = Date.now();
  const running = await monitor.start();
  const admin = client.admin();
  await admin.connect();
  const inputs = [env.TOPIC_ORDERS, env.TOPIC_DISPATCH, env.TOPIC_DELIVERY, env.TOPIC_AFTERSALES];
  let caughtUpMs: number | undefined;
  while (caughtUpMs === undefined) {
    const lag = await admin.lag(env.KAFKA_CONSUMER_GROUP, inputs).catch(() => []);
    if (lag.length > 0 && lag.every((p) => p.lag === 0)) caughtUpMs = Date.now();
    else await sleep(100);
    if (Date.now() - startedMs > 300_000) throw new Error('the monitor did not catch up in 5 minutes');
  }
  // Let the released deadlines fire and the relay publish them: until nothing new for 3 s.
  let seen = -1;
  while (seen !== breaches.length) {
    seen = breaches.length;
    await sleep(3_000);
  }
  const cpu = process.cpuUsage(cpuBefore);
  await admin.disconnect();
  await reader.stop();
  await running.stop();

  const opens = breaches.filter((b) => b.status === 'open');
  const falseOpens = opens.filter((b) => pickedUp.has(b.waybill)).length;
  const trueOpened = new Set(opens.filter((b) => !pickedUp.has(b.waybill)).map((b) => b.waybill));
  const trueOpens = opens.filter((b) => !pickedUp.has(b.waybill));
  // Opened: when the monitor judged it (detectedAt); published: when it reached the breaches topic.
  const afterCatchUp = (at: (b: BreachSeen) => number) =>
    trueOpens.map((b) => Math.max(0, at(b) - caughtUpMs)).sort((a, b) => a - b);
  const opened = afterCatchUp((b) => Date.parse(b.detectedAt));
  const published = afterCatchUp((b) => b.publishedMs);
  return {
    falseOpens,
    retracted: breaches.filter((b) => b.status === 'retracted').length,
    trueOpens: trueOpened.size,
    expectedTrueOpens: shipments - pickedUp.size,
    judgedBeforeBacklogRead: opens.filter((b) => b.judgedBeforeBacklogRead).length,
    catchUpSeconds: Number(((caughtUpMs - startedMs) / 1000).toFixed(2)),
    openAfterCatchUpP50Ms: percentile(opened, 50),
    openAfterCatchUpP99Ms: percentile(opened, 99),
    publishedAfterCatchUpP99Ms: percentile(published, 99),
    cpuMsPerRecord: Number(((cpu.user + cpu.system) / 1000 / records).toFixed(4)),
  };
}

export async function backlogBenchmark(shipments: number) {
  const logger = createLogger({ name: 'bench', level: 'warn', format: 'json' });
  const infra = await startLocalInfra();
  try {
    const standardsFile = pickupOnlyStandards();
    const common = { shipments, brokers: infra.brokers, redisUrl: infra.redisUrl, standardsFile, logger };
    console.error(`backlog: ${shipments} shipments, judged on the evidence watermark`);
    const watermark = await backlogRun({ ...common, name: 'watermark', monitorEnv: {} });
    console.error('backlog: the same on the wall clock (maximum hold 1 s, no tolerance)');
    const wallClock = await backlogRun({
      ...common,
      name: 'wallclock',
      monitorEnv: { DEADLINE_MAX_HOLD_SECONDS: '1', DEADLINE_WATERMARK_TOLERANCE_MS: '0' },
    });
    return {
      shipments,
      ...watermark,
      wallClockFalseOpens: wallClock.falseOpens,
      wallClockRetracted: wallClock.retracted,
      wallClockTrueOpens: wallClock.trueOpens,
    };
  } finally {
    await infra.stop();
  }
}

function sleep(ms: number) {
  return new Promise((resolve) => setTimeout(resolve, ms));
}

export const benchmark: Benchmark = {
  name: 'backlog',
  description:
    'False breaches after an outage: shipments whose pickup deadlines passed while their pickups waited in Kafka',
  run: ({ quick }) => backlogBenchmark(quick ? 2_000 : 20_000),
};
