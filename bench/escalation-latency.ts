/**
 * Escalation latency: from a breach change written to Kafka to its first
 * notification arriving at a local webhook receiver, at 1,000 breaches a
 * second for 60 seconds (200 a second for 3 seconds with --quick; the
 * environment variables BREACHES_PER_SECOND, SECONDS and
 * ESCALATION_CONCURRENCY change them). Then the intake rate: a backlog of
 * breach changes read by a fresh escalation service (recorded, first page
 * sent) next to a no-op kafkajs consumer of the same topic, as `intakeRatio`.
 * The service runs as its own process, as deployed (the receiver and the
 * producer here are not in it); its CPU per breach comes from its /metrics.
 * BENCH_PROFILE_DIR=dir writes a V8 CPU profile of each service process there.
 *
 *   bash scripts/bench.sh escalation [--quick]
 */
import { rmSync, writeFileSync } from 'node:fs';
import { createServer } from 'node:http';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { loadEnvironment } from '@slawatch/config';
import { sampleBreachChange } from '@slawatch/contract';
import { EscalationKeys, EscalationQueues } from '@slawatch/escalation';
import { KafkaClient, type Producer } from '@slawatch/kafka';
import { createLogger, type Logger } from '@slawatch/logger';
import { createRedis } from '@slawatch/redis';
import { Kafka, logLevel } from 'kafkajs';
import type { Benchmark, Figures } from './benchmark.js';
import { startBenchService } from './faults/service-process.js';
import { percentile, startLocalInfra } from './local-infra.js';

const TOPIC = 'bench.breaches';
const INTAKE_TOPIC = 'bench.breaches.intake';
const TICK_MS = 100;

interface Load {
  perSecond: number;
  seconds: number;
  concurrency: number;
}

export const benchmark: Benchmark = {
  name: 'escalation',
  description: 'Breach change on Kafka to its first webhook notification, and where the time goes',
  run: ({ quick }) =>
    escalationLatency({
      perSecond: Number(process.env['BREACHES_PER_SECOND'] ?? (quick ? 200 : 1000)),
      seconds: Number(process.env['SECONDS'] ?? (quick ? 3 : 60)),
      concurrency: Number(process.env['ESCALATION_CONCURRENCY'] ?? 50),
    }),
};

const breachIdOf = (waybill: string) => `${waybill}:delivered_on_time:breach:1`;

const change = (waybill: string) =>
  sampleBreachChange({
    breachId: breachIdOf(waybill),
    waybill,
    detectedAt: new Date().toISOString(),
    standardsVersion: 'bench',
  });

const now = () => performance.timeOrigin + performance.now();
const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));
const sortedMs = (values: number[]) => values.sort((a, b) => a - b);
const rounded = (sorted: number[], p: number) => Math.round(percentile(sorted, p));

/** A webhook target that notes when each breach was first notified. */
async function startReceiver() {
  const firstSeen = new Map<string, number>();
  const server = createServer((request, response) => {
    const chunks: Buffer[] = [];
    request.on('data', (chunk: Buffer) => chunks.push(chunk));
    request.on('end', () => {
      const at = now();
      const body = JSON.parse(Buffer.concat(chunks).toString('utf8')) as {
        notification: { breach?: { breachId: string } };
      };
      const id = body.notification.breach?.breachId;
      if (id && !firstSeen.has(id)) firstSeen.set(id, at);
      response.writeHead(200).end('{}');
    });
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  return { port: (server.address() as { port: number }).port, firstSeen, close: () => server.close() };
}

async function escalationLatency(load: Load): Promise<Figures> {
  const receiver = await startReceiver();
  const escalationFile = join(tmpdir(), `slawatch-bench-escalation-${process.pid}.yaml`);
  writeFileSync(
    escalationFile,
    `targets:
  desk: { type: webhook, url: http://127.0.0.1:${receiver.port}/desk, secret: bench-secret-0123456789 }
policies:
  page: { kind: escalate, steps: [{ notify: [desk] }] }
defaultPolicy: page
delivery: { attempts: 3, retryBackoff: 200ms, timeout: 5s }
`,
  );
  console.error('starting Kafka and Redis…');
  const infra = await startLocalInfra();
  try {
    // Logs go to standard error: standard output carries the figures.
    const logger = createLogger({
      name: 'bench',
      level: 'warn',
      format: 'json',
      destination: process.stderr,
    });
    const serviceEnv = {
      KAFKA_BROKERS: infra.brokers,
      REDIS_URL: infra.redisUrl,
      TOPIC_BREACHES: TOPIC,
      ESCALATION_FILE: escalationFile,
      KAFKA_PARTITIONS: '6',
      ESCALATION_CONCURRENCY: String(load.concurrency),
      LOG_LEVEL: 'warn',
      LOG_FORMAT: 'json',
    };
    const env = loadEnvironment(serviceEnv);
    const running = await startBenchService('escalation', serviceEnv);
    const producer = new KafkaClient({ brokers: [infra.brokers], clientId: 'bench' }, logger).producer();
    await producer.connect();

    // One breach first, so the consumer group has joined before the clock starts.
    await producer.send(TOPIC, [{ key: 'WARMUP', value: JSON.stringify(change('WARMUP')) }]);
    while (!receiver.firstSeen.has(breachIdOf('WARMUP'))) await sleep(100);
    receiver.firstSeen.clear();

    console.error(`sending ${load.perSecond} breaches/s for ${load.seconds} s…`);
    const cpuBefore = await running.cpuSeconds();
    const sentAt = new Map<string, number>();
    const started = Date.now();
    const perTick = Math.round((load.perSecond * TICK_MS) / 1000);
    for (let tick = 0; tick < (load.seconds * 1000) / TICK_MS; tick++) {
      const waybills = Array.from({ length: perTick }, (_, i) => `BENCH${tick}x${i}`);
      const at = now();
      await producer.send(
        TOPIC,
        waybills.map((waybill) => ({ key: waybill, value: JSON.stringify(change(waybill)) })),
      );
      for (const waybill of waybills) sentAt.set(breachIdOf(waybill), at);
      const next = started + (tick + 1) * TICK_MS;
      if (next > Date.now()) await sleep(next - Date.now());
    }
    const sendSeconds = (Date.now() - started) / 1000;
    await waitForNotifications(
      infra.redisUrl,
      env.REDIS_KEY_PREFIX,
      () => receiver.firstSeen.size,
      sentAt.size,
    );

    const cpuMicrosPerBreach = (((await running.cpuSeconds()) - cpuBefore) * 1e6) / sentAt.size;
    const latencies = sortedMs(
      [...sentAt].flatMap(([id, at]) => {
        const seen = receiver.firstSeen.get(id);
        return seen === undefined ? [] : [seen - at];
      }),
    );
    const stages = await stageLatencies(infra.redisUrl, env.REDIS_KEY_PREFIX, sentAt, receiver.firstSeen);
    await running.stop();
    const intake = await intakeRatio({
      backlog: Math.min(sentAt.size, 20_000),
      producer,
      receiver,
      serviceEnv: { ...serviceEnv, TOPIC_BREACHES: INTAKE_TOPIC },
      partitions: env.KAFKA_PARTITIONS,
      brokers: infra.brokers,
      logger,
    });
    await producer.disconnect();
    if (latencies.length < sentAt.size) {
      throw new Error(`${sentAt.size - latencies.length} of ${sentAt.size} breaches were never notified`);
    }
    return {
      breachesPerSecond: load.perSecond,
      seconds: load.seconds,
      concurrency: load.concurrency,
      breaches: sentAt.size,
      sendSeconds: Number(sendSeconds.toFixed(1)),
      notified: latencies.length,
      recordToNotificationP50Ms: rounded(latencies, 50),
      recordToNotificationP99Ms: rounded(latencies, 99),
      recordToNotificationMaxMs: Math.round(latencies.at(-1) ?? Number.NaN),
      firstNotificationP99Ms: rounded(latencies, 99),
      escalationCpuMicrosPerBreach: Math.round(cpuMicrosPerBreach),
      ...stages,
      ...intake,
    };
  } finally {
    receiver.close();
    rmSync(escalationFile, { force: true });
    await infra.stop();
  }
}

/** Waits up to two minutes for every breach's first notification, showing the page job backlog once a second. */
async function waitForNotifications(
  redisUrl: string,
  keyPrefix: string,
  notified: () => number,
  sent: number,
) {
  const deadline = Date.now() + 120_000;
  const connection = createRedis({ url: redisUrl }, { name: 'bench-queues', maxRetriesPerRequest: null });
  const queues = new EscalationQueues(connection, {
    prefix: new EscalationKeys(keyPrefix).queuePrefix(),
    attempts: 1,
    backoffMs: 1,
  });
  while (notified() < sent && Date.now() < deadline) {
    const counts = await queues.queue('major').getJobCounts('waiting', 'active');
    console.error(
      `  ${notified()} notified; page jobs waiting ${counts['waiting']}, active ${counts['active']}`,
    );
    await sleep(1000);
  }
  await queues.close();
  connection.disconnect();
}

/** Where the time goes, on every tenth breach: Kafka record → recorded by the consumer → notified. */
async function stageLatencies(
  redisUrl: string,
  keyPrefix: string,
  sentAt: Map<string, number>,
  firstSeen: Map<string, number>,
): Promise<Figures> {
  const redis = createRedis({ url: redisUrl }, { name: 'bench' });
  const keys = new EscalationKeys(keyPrefix);
  const sample = [...sentAt.keys()].filter((_, i) => i % 10 === 0);
  const openedAt = await Promise.all(sample.map((id) => redis.hget(keys.breach(id), 'openedAt')));
  redis.disconnect();
  const toRecorded: number[] = [];
  const toNotified: number[] = [];
  sample.forEach((id, i) => {
    const opened = Number(openedAt[i]);
    const seen = firstSeen.get(id);
    if (!Number.isFinite(opened) || seen === undefined) return;
    toRecorded.push(opened - sentAt.get(id)!);
    toNotified.push(seen - opened);
  });
  sortedMs(toRecorded);
  sortedMs(toNotified);
  return {
    recordToRecordedP50Ms: rounded(toRecorded, 50),
    recordToRecordedP99Ms: rounded(toRecorded, 99),
    recordedToNotifiedP50Ms: rounded(toNotified, 50),
    recordedToNotifiedP99Ms: rounded(toNotified, 99),
  };
}

/**
 * Intake throughput: a backlog of `backlog` breach changes on a topic of its
 * own, read first by a no-op kafkajs consumer and then by a fresh escalation
 * service (another group and key prefix) that records each and sends its
 * first page. Both rates are timed from their first record, so group joins
 * do not dilute them.
 */
async function intakeRatio(parts: {
  backlog: number;
  producer: Producer;
  receiver: { firstSeen: Map<string, number> };
  serviceEnv: Record<string, string>;
  partitions: number;
  brokers: string;
  logger: Logger;
}): Promise<Figures> {
  const { backlog, producer, receiver, serviceEnv, brokers, logger } = parts;
  console.error(`intake: a backlog of ${backlog} breach changes…`);
  const admin = new KafkaClient({ brokers: [brokers], clientId: 'bench-admin' }, logger).admin();
  await admin.connect();
  await admin.ensureTopics([{ topic: INTAKE_TOPIC, partitions: parts.partitions }]);
  await admin.disconnect();
  const waybills = Array.from({ length: backlog }, (_, i) => `INTAKE${i}`);
  for (let i = 0; i < waybills.length; i += 1000) {
    const slice = waybills.slice(i, i + 1000);
    await producer.send(
      INTAKE_TOPIC,
      slice.map((waybill) => ({ key: waybill, value: JSON.stringify(change(waybill)) })),
    );
  }

  const raw = new Kafka({ brokers: [brokers], clientId: 'noop', logLevel: logLevel.NOTHING });
  const noop = raw.consumer({ groupId: 'bench-intake-noop' });
  await noop.connect();
  await noop.subscribe({ topics: [INTAKE_TOPIC], fromBeginning: true });
  let seen = 0;
  let noopStart = 0;
  await new Promise<void>((resolve) => {
    void noop.run({
      partitionsConsumedConcurrently: 3,
      eachBatch: async ({ batch }) => {
        if (noopStart === 0) noopStart = performance.now();
        seen += batch.messages.length;
        if (seen >= backlog) resolve();
      },
    });
  });
  const noopSeconds = (performance.now() - noopStart) / 1000;
  await noop.disconnect();

  receiver.firstSeen.clear();
  const service = await startBenchService('escalation', {
    ...serviceEnv,
    ESCALATION_CONSUMER_GROUP: 'bench-intake',
    REDIS_KEY_PREFIX: `${loadEnvironment(serviceEnv).REDIS_KEY_PREFIX}intake:`,
  });
  // The process is started and idle: its CPU from here is the intake's (and the group join's).
  const cpuBefore = await service.cpuSeconds();
  const deadline = Date.now() + 180_000;
  while (receiver.firstSeen.size < backlog && Date.now() < deadline) await sleep(20);
  const intakeCpuSeconds = (await service.cpuSeconds()) - cpuBefore;
  await service.stop();
  const times = [...receiver.firstSeen.values()].sort((a, b) => a - b);
  if (times.length < backlog) throw new Error(`intake: ${backlog - times.length} breaches never paged`);
  const intakeSeconds = (times.at(-1)! - times[0]!) / 1000;
  const intakePerSecond = backlog / intakeSeconds;
  const noopPerSecond = backlog / noopSeconds;
  return {
    intakeBacklog: backlog,
    intakePerSecond: Math.round(intakePerSecond),
    noopIntakePerSecond: Math.round(noopPerSecond),
    intakeRatio: Number((intakePerSecond / noopPerSecond).toFixed(3)),
    intakeCpuMicrosPerBreach: Math.round((intakeCpuSeconds * 1e6) / backlog),
  };
}
