/**
 * Escalation latency: from a breach change written to Kafka to its first
 * notification arriving at a local webhook receiver, at 1,000 breaches a
 * second for 10 seconds (change with BREACHES_PER_SECOND and SECONDS).
 * Starts its own Kafka and Redis. Not a test: it prints the figures.
 *
 *   node --conditions=source --import tsx bench/escalation-latency.ts
 */
import { writeFileSync } from 'node:fs';
import { createServer } from 'node:http';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { loadEnvironment } from '@slawatch/config';
import { EscalationKeys, EscalationQueues } from '@slawatch/escalation';
import { KafkaClient } from '@slawatch/kafka';
import { createLogger } from '@slawatch/logger';
import { createRedis } from '@slawatch/redis';
import { createEscalationService } from '../services/escalation/src/escalation-service.js';
import { percentile, startLocalInfra } from './local-infra.js';

const perSecond = Number(process.env['BREACHES_PER_SECOND'] ?? 1000);
const seconds = Number(process.env['SECONDS'] ?? 10);
const TICK_MS = 100;

const firstSeen = new Map<string, number>();
const receiver = createServer((request, response) => {
  const chunks: Buffer[] = [];
  request.on('data', (c: Buffer) => chunks.push(c));
  request.on('end', () => {
    const at = performance.timeOrigin + performance.now();
    const body = JSON.parse(Buffer.concat(chunks).toString('utf8')) as {
      notification: { breach?: { breachId: string } };
    };
    const id = body.notification.breach?.breachId;
    if (id && !firstSeen.has(id)) firstSeen.set(id, at);
    response.writeHead(200).end('{}');
  });
});
await new Promise<void>((resolve) => receiver.listen(0, '127.0.0.1', resolve));
const receiverPort = (receiver.address() as { port: number }).port;

const escalationFile = join(tmpdir(), `slawatch-bench-escalation-${process.pid}.yaml`);
writeFileSync(
  escalationFile,
  `targets:
  desk: { type: webhook, url: http://127.0.0.1:${receiverPort}/desk, secret: bench-secret-0123456789 }
policies:
  page: { kind: escalate, steps: [{ notify: [desk] }] }
defaultPolicy: page
delivery: { attempts: 3, retryBackoff: 200ms, timeout: 5s }
`,
);

console.log('starting Kafka and Redis…');
const infra = await startLocalInfra();
const logger = createLogger({ name: 'bench', level: 'warn', format: 'json' });
const env = loadEnvironment({
  KAFKA_BROKERS: infra.brokers,
  REDIS_URL: infra.redisUrl,
  TOPIC_BREACHES: 'bench.breaches',
  ESCALATION_FILE: escalationFile,
  KAFKA_PARTITIONS: '6',
  ESCALATION_CONCURRENCY: process.env['ESCALATION_CONCURRENCY'] ?? '50',
  LOG_LEVEL: 'warn',
  LOG_FORMAT: 'json',
});
const service = createEscalationService(env, logger);
const running = await service.start();
const producer = new KafkaClient({ brokers: [infra.brokers], clientId: 'bench' }, logger).producer();
await producer.connect();

const change = (id: string) => ({
  breachId: `${id}:delivered_on_time:breach:1`,
  status: 'open',
  waybill: id,
  standard: 'delivered_on_time',
  title: 'Delivered on time',
  element: 'time',
  phase: 'transaction',
  segment: 'ecommerce',
  product: 'next_day',
  route: 'inter_province',
  severity: 'major',
  level: 'breach',
  detectedAt: new Date().toISOString(),
  evidence: [],
  standardsVersion: 'bench',
});

// One breach first, so the consumer group has joined before the clock starts.
await producer.send('bench.breaches', [{ key: 'WARMUP', value: JSON.stringify(change('WARMUP')) }]);
while (!firstSeen.has('WARMUP:delivered_on_time:breach:1')) await new Promise((r) => setTimeout(r, 100));
firstSeen.clear();

console.log(`sending ${perSecond} breaches/s for ${seconds} s…`);
const sentAt = new Map<string, number>();
const started = Date.now();
const perTick = Math.round((perSecond * TICK_MS) / 1000);
for (let tick = 0; tick < (seconds * 1000) / TICK_MS; tick++) {
  const records = Array.from({ length: perTick }, (_, i) => {
    const id = `BENCH${tick}x${i}`;
    return { key: id, value: JSON.stringify(change(id)), breachId: `${id}:delivered_on_time:breach:1` };
  });
  const at = performance.timeOrigin + performance.now();
  await producer.send(
    'bench.breaches',
    records.map(({ key, value }) => ({ key, value })),
  );
  for (const r of records) sentAt.set(r.breachId, at);
  const next = started + (tick + 1) * TICK_MS;
  if (next > Date.now()) await new Promise((r) => setTimeout(r, next - Date.now()));
}
const sendSeconds = (Date.now() - started) / 1000;
const deadline = Date.now() + 120_000;
// The backlog of page jobs while the workers catch up, once a second.
const queueConnection = createRedis(
  { url: infra.redisUrl },
  { name: 'bench-queues', maxRetriesPerRequest: null },
);
const queues = new EscalationQueues(queueConnection, {
  prefix: new EscalationKeys(env.REDIS_KEY_PREFIX).queuePrefix(),
  attempts: 1,
  backoffMs: 1,
});
while (firstSeen.size < sentAt.size && Date.now() < deadline) {
  const counts = await queues.queue('major').getJobCounts('waiting', 'active');
  console.log(
    `  ${firstSeen.size} notified; page jobs waiting ${counts['waiting']}, active ${counts['active']}`,
  );
  await new Promise((r) => setTimeout(r, 1000));
}
await queues.close();
queueConnection.disconnect();

const latencies = [...sentAt].flatMap(([id, at]) => {
  const seen = firstSeen.get(id);
  return seen === undefined ? [] : [seen - at];
});
latencies.sort((a, b) => a - b);
console.log(`sent ${sentAt.size} breaches in ${sendSeconds.toFixed(1)} s; ${latencies.length} notified`);
console.log(
  `Kafka record → first notification: p50 ${percentile(latencies, 50).toFixed(0)} ms, ` +
    `p99 ${percentile(latencies, 99).toFixed(0)} ms, max ${(latencies.at(-1) ?? Number.NaN).toFixed(0)} ms`,
);

// Where the time goes: Kafka record → breach recorded by the consumer → notification.
const redis = createRedis({ url: infra.redisUrl }, { name: 'bench' });
const keys = new EscalationKeys(env.REDIS_KEY_PREFIX);
const sample = [...sentAt.keys()].filter((_, i) => i % 10 === 0);
const openedAt = await Promise.all(sample.map((id) => redis.hget(keys.breach(id), 'openedAt')));
const toIngest: number[] = [];
const toNotify: number[] = [];
sample.forEach((id, i) => {
  const opened = Number(openedAt[i]);
  const seen = firstSeen.get(id);
  if (!Number.isFinite(opened) || seen === undefined) return;
  toIngest.push(opened - sentAt.get(id)!);
  toNotify.push(seen - opened);
});
toIngest.sort((a, b) => a - b);
toNotify.sort((a, b) => a - b);
console.log(
  `  record → recorded by the consumer: p50 ${percentile(toIngest, 50).toFixed(0)} ms, p99 ${percentile(toIngest, 99).toFixed(0)} ms; ` +
    `recorded → notified: p50 ${percentile(toNotify, 50).toFixed(0)} ms, p99 ${percentile(toNotify, 99).toFixed(0)} ms`,
);
redis.disconnect();

await producer.disconnect();
await running.stop();
receiver.close();
await infra.stop();
process.exit(latencies.length === sentAt.size ? 0 : 1);
