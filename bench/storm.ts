/**
 * A storm: a hub stops scanning (the network simulator's hub outage) while
 * background parcels go dark one by one at hubs of their own. Everything
 * goes through a real broker, the monitor (demo standards, seconds-long
 * limits) and the escalation service to a local webhook receiver. Asks:
 * is the outage one incident with a handful of messages, is every breach a
 * member of an incident, do unrelated breaches still page after their own
 * `wait`, and does one resolved notice follow the hub's recovery?
 *
 *   bash scripts/bench.sh storm [--quick]
 */
import { rmSync, writeFileSync } from 'node:fs';
import { createServer } from 'node:http';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { monitorEventLoopDelay } from 'node:perf_hooks';
import { loadEnvironment } from '@slawatch/config';
import { EscalationKeys } from '@slawatch/escalation';
import { KafkaClient } from '@slawatch/kafka';
import { createLogger } from '@slawatch/logger';
import { hubOutageScenario } from '@slawatch/network-simulation';
import { createRedis } from '@slawatch/redis';
import type { Benchmark, Figures } from './benchmark.js';
import { startBenchService } from './faults/service-process.js';
import { percentile, root, startLocalInfra } from './local-infra.js';

const HUB = 'HGH01';
const WAIT_MS = 5000;
const INTERVAL_MS = 30_000;

/**
 * With the demo standards a parcel without a scan for 45 s is a critical breach and a remote
 * parcel is due 90 s after its order: the hub recovers 46 s after the last arrival (every
 * parcel reached its critical level) and before the first parcel's delivery falls due.
 */
interface Size {
  parcels: number;
  arrivalsOverMs: number;
  recoveryAfterMs: number;
}

export const benchmark: Benchmark = {
  name: 'storm',
  description:
    'A hub outage of 10,000+ breaches beside unrelated ones: incidents, messages, lost members, unrelated latency',
  run: ({ quick }) =>
    storm(
      quick
        ? { parcels: 400, arrivalsOverMs: 10_000, recoveryAfterMs: 56_000 }
        : { parcels: 3500, arrivalsOverMs: 36_000, recoveryAfterMs: 82_000 },
    ),
};

interface Message {
  at: number;
  message: string;
  incidentId: string;
  facility: string;
}

const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

/** The on-call tool: notes every message about an incident, and every per-breach page. */
async function startReceiver() {
  const messages: Message[] = [];
  let breachPages = 0;
  const server = createServer((request, response) => {
    const chunks: Buffer[] = [];
    request.on('data', (chunk: Buffer) => chunks.push(chunk));
    request.on('end', () => {
      const at = Date.now();
      const { notification } = JSON.parse(Buffer.concat(chunks).toString('utf8')) as {
        notification: {
          kind: string;
          message?: string;
          incident?: { incidentId: string; labels: Record<string, string> };
        };
      };
      if (notification.incident) {
        messages.push({
          at,
          message: notification.message ?? '',
          incidentId: notification.incident.incidentId,
          facility: notification.incident.labels['facility'] ?? '-',
        });
      } else breachPages++;
      response.writeHead(200).end('{}');
    });
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  return {
    port: (server.address() as { port: number }).port,
    messages,
    breachPages: () => breachPages,
    close: () => server.close(),
  };
}

interface PublishedChange {
  breachId: string;
  status: string;
  facility: string;
  publishedMs: number;
}

async function storm(size: Size): Promise<Figures> {
  const receiver = await startReceiver();
  const escalationFile = join(tmpdir(), `slawatch-bench-storm-${process.pid}.yaml`);
  writeFileSync(
    escalationFile,
    `targets:
  desk: { type: webhook, url: http://127.0.0.1:${receiver.port}/desk, secret: bench-secret-0123456789 }
policies:
  by-facility:
    kind: escalate
    steps: [{ notify: [desk] }]
    group: { by: [facility], wait: ${WAIT_MS}ms, interval: ${INTERVAL_MS}ms }
defaultPolicy: by-facility
delivery: { attempts: 3, retryBackoff: 200ms, timeout: 5s }
`,
  );
  console.error('starting Kafka and Redis…');
  const infra = await startLocalInfra();
  try {
    const logger = createLogger({
      name: 'bench',
      level: 'warn',
      format: 'json',
      destination: process.stderr,
    });
    const serviceEnv = {
      KAFKA_BROKERS: infra.brokers,
      REDIS_URL: infra.redisUrl,
      STANDARDS_FILE: join(root, 'standards/demo.yaml'),
      ESCALATION_FILE: escalationFile,
      KAFKA_PARTITIONS: '6',
      DEADLINE_POLL_INTERVAL_MS: '100',
      LOG_LEVEL: 'warn',
      LOG_FORMAT: 'json',
    };
    const env = loadEnvironment(serviceEnv);
    // Each service in its own process, as deployed: the publisher and the receiver stay here.
    const monitor = await startBenchService('monitor', serviceEnv);
    const escalation = await startBenchService('escalation', serviceEnv);
    const client = new KafkaClient({ brokers: [infra.brokers], clientId: 'bench-storm' }, logger);

    // Every breach change as published on the topic, with the broker's time: the clock starts there.
    const changes: PublishedChange[] = [];
    const reader = client.consumer({ groupId: 'bench-storm-reader', topics: [env.TOPIC_BREACHES] });
    void reader.start(async (batch) => {
      for (const record of batch.records) {
        const change = JSON.parse(String(record.value)) as {
          breachId: string;
          status: string;
          cause?: { lastSeen?: { kind: string; id: string } };
        };
        const seen = change.cause?.lastSeen;
        changes.push({
          breachId: change.breachId,
          status: change.status,
          facility: seen ? `${seen.kind}:${seen.id}` : '-',
          publishedMs: Number(record.timestamp),
        });
      }
    });

    // The publisher and the receiver share this process: a late event loop (a busy machine)
    // delays their clocks, so its delay is reported beside the stages.
    const loopDelay = monitorEventLoopDelay({ resolution: 20 });
    loopDelay.enable();
    const startMs = Date.now() + 5000;
    const scenario = hubOutageScenario({
      hub: HUB,
      parcels: size.parcels,
      startMs,
      arrivalsOverMs: size.arrivalsOverMs,
      recoveryAfterMs: size.recoveryAfterMs,
      backgroundPerSecond: 6,
      backgroundDarkMs: 40_000,
      backgroundForMs: size.recoveryAfterMs,
      waybillPrefix: 'STORM',
    });
    const topicOf: Record<string, string> = {
      orders: env.TOPIC_ORDERS,
      dispatch: env.TOPIC_DISPATCH,
      delivery: env.TOPIC_DELIVERY,
      aftersales: env.TOPIC_AFTERSALES,
    };
    const producer = client.producer();
    await producer.connect();
    console.error(
      `hub ${HUB} stops scanning: ${size.parcels} parcels over ${size.arrivalsOverMs / 1000} s, recovery after ${size.recoveryAfterMs / 1000} s; background 6 parcels/s…`,
    );
    let next = 0;
    while (next < scenario.records.length) {
      const now = Date.now();
      const due = new Map<string, Array<{ key: string; value: string | Buffer }>>();
      while (next < scenario.records.length && scenario.records[next]!.publishAtMs <= now) {
        const record = scenario.records[next++]!;
        const topic = topicOf[record.topicFamily]!;
        const list = due.get(topic) ?? [];
        list.push({ key: record.key, value: record.value });
        due.set(topic, list);
      }
      if (due.size > 0) await producer.sendMany(due);
      else await sleep(20);
    }
    await producer.disconnect();

    const outage = `hub:${HUB}`;
    const outageOpen = () =>
      new Set(changes.filter((c) => c.facility === outage && c.status === 'open').map((c) => c.breachId));
    const resolvedNotice = () =>
      receiver.messages.some((m) => m.facility === outage && m.message === 'resolved');
    console.error('hub recovered; waiting for the resolved notice…');
    const deadline = Date.now() + 120_000;
    while (!resolvedNotice() && Date.now() < deadline) await sleep(500);
    // Late duplicates, if any, would show now.
    await sleep(INTERVAL_MS / 3);
    await reader.stop();

    const redis = createRedis({ url: infra.redisUrl }, { name: 'bench-storm' });
    const keys = new EscalationKeys(env.REDIS_KEY_PREFIX);
    const opened = [...new Set(changes.filter((c) => c.status === 'open').map((c) => c.breachId))];
    const pipeline = redis.pipeline();
    for (const id of opened) {
      pipeline.hget(keys.breach(id), 'incident');
      pipeline.scard(keys.notified(id));
    }
    const replies = (await pipeline.exec()) ?? [];
    let lostMembers = 0;
    for (let i = 0; i < opened.length; i++) {
      const incident = replies[i * 2]?.[1];
      const notified = Number(replies[i * 2 + 1]?.[1] ?? 0);
      if (!incident && notified === 0) lostMembers++;
    }
    const incidents = await redis.zcard(keys.incidentIndex());
    // Where an unrelated page's time goes: intake (published → incident opened), the wait and
    // its job (opened → first step), and the page job with its HTTP request (step → received).
    const stages = { intake: [] as number[], step: [] as number[], page: [] as number[] };
    const incidentIds = await redis.zrange(keys.incidentIndex(), 0, -1);
    const firstBreachOf = new Map<string, number>();
    for (const c of changes)
      if (c.status === 'open' && !firstBreachOf.has(c.facility)) firstBreachOf.set(c.facility, c.publishedMs);
    const receivedOf = new Map<string, number>();
    for (const m of receiver.messages)
      if (m.message === 'page' && !receivedOf.has(m.incidentId)) receivedOf.set(m.incidentId, m.at);
    for (const id of incidentIds) {
      const [labels, openedAt, firstPagedAt] = await redis.hmget(
        keys.incident(id),
        'labels',
        'openedAt',
        'firstPagedAt',
      );
      const facility = (JSON.parse(labels ?? '{}') as Record<string, string>)['facility'] ?? '-';
      const published = firstBreachOf.get(facility);
      const received = receivedOf.get(id);
      if (facility === `hub:${HUB}` || published === undefined || !firstPagedAt || received === undefined)
        continue;
      stages.intake.push(Number(openedAt) - published);
      stages.step.push(Number(firstPagedAt) - Number(openedAt));
      stages.page.push(received - Number(firstPagedAt));
    }
    for (const list of Object.values(stages)) list.sort((a, b) => a - b);
    redis.disconnect();

    const outageMessages = receiver.messages.filter((m) => m.facility === outage);
    const outageIncidents = new Set(outageMessages.map((m) => m.incidentId));
    // Unrelated breaches: each background parcel's hub is its own incident; its first breach
    // (published while the outage's breaches flow) to the incident's first page.
    const firstOutageMs = Math.min(...changes.filter((c) => c.facility === outage).map((c) => c.publishedMs));
    const firstPage = new Map<string, number>();
    for (const m of receiver.messages)
      if (m.message === 'page' && m.facility !== outage && !firstPage.has(m.facility))
        firstPage.set(m.facility, m.at);
    const firstBreach = new Map<string, number>();
    for (const c of changes)
      if (c.status === 'open' && c.facility !== outage && !firstBreach.has(c.facility))
        firstBreach.set(c.facility, c.publishedMs);
    const unrelated: number[] = [];
    let unrelatedUnpaged = 0;
    for (const [facility, publishedMs] of firstBreach) {
      if (publishedMs < firstOutageMs || publishedMs > scenario.recoveryMs) continue;
      const paged = firstPage.get(facility);
      if (paged === undefined) unrelatedUnpaged++;
      else unrelated.push(paged - publishedMs);
    }
    unrelated.sort((a, b) => a - b);
    const unrelatedBreaches = changes.filter(
      (c) =>
        c.status === 'open' &&
        c.facility !== outage &&
        c.publishedMs >= firstOutageMs &&
        c.publishedMs <= scenario.recoveryMs,
    ).length;
    const stormSeconds = (scenario.recoveryMs - firstOutageMs) / 1000;

    await escalation.stop();
    await monitor.stop();
    receiver.close();
    return {
      parcelsAtHub: size.parcels,
      breaches: outageOpen().size,
      breachesAll: opened.length,
      incidents,
      outageIncidents: outageIncidents.size,
      notificationsForOutage: outageMessages.filter((m) => m.message !== 'resolved').length,
      outageMessages: Object.fromEntries(
        ['page', 'update', 'reminder', 'resolved'].map((kind) => [
          kind,
          outageMessages.filter((m) => m.message === kind).length,
        ]),
      ),
      breachPages: receiver.breachPages(),
      lostMembers,
      waitMs: WAIT_MS,
      intervalMs: INTERVAL_MS,
      unrelatedBreachesPerSecond: Number((unrelatedBreaches / stormSeconds).toFixed(1)),
      unrelatedIncidentsDuringStorm: unrelated.length,
      unrelatedUnpaged,
      unrelatedFirstPageP50Ms: Math.round(percentile(unrelated, 50)),
      unrelatedFirstPageP99Ms: Math.round(percentile(unrelated, 99)),
      unrelatedFirstPageMaxMs: Math.round(unrelated.at(-1) ?? Number.NaN),
      resolvedNotices: outageMessages.filter((m) => m.message === 'resolved').length,
      unrelatedIntakeP99Ms: Math.round(percentile(stages.intake, 99)),
      unrelatedWaitAndStepP99Ms: Math.round(percentile(stages.step, 99)),
      unrelatedPageJobP99Ms: Math.round(percentile(stages.page, 99)),
      eventLoopDelayP99Ms: Math.round(loopDelay.percentile(99) / 1e6),
      eventLoopDelayMaxMs: Math.round(loopDelay.max / 1e6),
    };
  } finally {
    await infra.stop();
    rmSync(escalationFile, { force: true });
  }
}
