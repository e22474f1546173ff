/**
 * End-to-end detection: the simulator's stream (with faults) published on
 * schedule through a real broker to a monitor on a real Redis, and the
 * breaches it publishes compared with the simulator's ground truth.
 * Run through bench/main.ts.
 */
import { join } from 'node:path';
import { loadEnvironment } from '@slawatch/config';
import { KafkaClient } from '@slawatch/kafka';
import { createLogger } from '@slawatch/logger';
import { generateScenario } from '@slawatch/network-simulation';
import { loadStandards } from '@slawatch/standards';
import { createMonitor } from '../services/monitor/src/monitor.js';
import type { Benchmark } from './benchmark.js';
import { percentile, root, startLocalInfra } from './local-infra.js';

interface PublishedBreach {
  breachId: string;
  status: string;
  evidence: string[];
  dueAt?: string;
  detectedAt: string;
}

export async function detectionBenchmark(shipments: number, faults = 'demo', seed = 7) {
  const logger = createLogger({ name: 'bench', level: 'warn', format: 'json' });
  const infra = await startLocalInfra();
  try {
    const standardsFile = join(root, 'standards/demo.yaml');
    const env = loadEnvironment({
      KAFKA_BROKERS: infra.brokers,
      REDIS_URL: infra.redisUrl,
      STANDARDS_FILE: standardsFile,
      LOG_LEVEL: 'warn',
      LOG_FORMAT: 'json',
      HTTP_PORT: '19998',
      DEADLINE_POLL_INTERVAL_MS: '100',
    });
    const monitor = createMonitor(env, logger);
    const running = await monitor.start();
    const client = new KafkaClient({ brokers: [infra.brokers], clientId: 'bench-detection' }, logger);

    const published: PublishedBreach[] = [];
    const breachArrivalMs = new Map<PublishedBreach, number>();
    const reader = client.consumer({ groupId: 'bench-reader', topics: [env.TOPIC_BREACHES] });
    void reader.start(async (batch) => {
      for (const record of batch.records) {
        const breach = JSON.parse(String(record.value)) as PublishedBreach;
        published.push(breach);
        breachArrivalMs.set(breach, Number(record.timestamp));
      }
    });

    const scenario = generateScenario({
      seed,
      shipments,
      faults,
      standards: loadStandards(standardsFile),
      startMs: Date.now() + 3_000,
      intervalMs: 50,
    });
    const topicOf: Record<string, string> = {
      orders: env.TOPIC_ORDERS,
      dispatch: env.TOPIC_DISPATCH,
      delivery: env.TOPIC_DELIVERY,
      aftersales: env.TOPIC_AFTERSALES,
    };
    const producer = client.producer();
    await producer.connect();
    const sentAtMs = new Map<string, number>();
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
        if (record.eventId) sentAtMs.set(record.eventId, now);
      }
      if (due.size > 0) await producer.sendMany(due);
      else await new Promise((resolve) => setTimeout(resolve, 5));
    }
    await producer.disconnect();
    // Let the last deadlines fire and the relay publish them.
    while (Date.now() < scenario.settlesAtMs + 5_000)
      await new Promise((resolve) => setTimeout(resolve, 250));
    await new Promise((resolve) => setTimeout(resolve, 3_000));
    await reader.stop();
    await running.stop();

    // Final status of each breach: the last change published for it (a waybill's changes are in order).
    const finalStatus = new Map<string, string>();
    for (const breach of published) finalStatus.set(breach.breachId, breach.status);
    const expected = new Map(scenario.truth.map((t) => [t.breachId, t.status as string]));
    const actualPairs = new Set([...finalStatus].map(([id, status]) => `${id}|${status}`));
    const expectedPairs = new Set([...expected].map(([id, status]) => `${id}|${status}`));
    const found = [...expectedPairs].filter((pair) => actualPairs.has(pair)).length;
    const missed = [...expectedPairs].filter((pair) => !actualPairs.has(pair));
    const spurious = [...actualPairs].filter((pair) => !expectedPairs.has(pair));

    const eventToBreach: number[] = [];
    const lateness: number[] = [];
    for (const breach of published) {
      const arrived = breachArrivalMs.get(breach)!;
      if (breach.evidence.length > 0) {
        const sent = Math.max(...breach.evidence.map((id) => sentAtMs.get(id) ?? Number.NaN));
        if (Number.isFinite(sent)) eventToBreach.push(arrived - sent);
      } else if (breach.dueAt && breach.status === 'open') {
        lateness.push(Date.parse(breach.detectedAt) - Date.parse(breach.dueAt));
      }
    }
    eventToBreach.sort((a, b) => a - b);
    lateness.sort((a, b) => a - b);
    const changes = new Map<string, number>();
    for (const b of published)
      changes.set(`${b.breachId}|${b.status}`, (changes.get(`${b.breachId}|${b.status}`) ?? 0) + 1);
    return {
      shipments,
      faultProfile: faults,
      records: scenario.records.length,
      expectedBreaches: expectedPairs.size,
      publishedChanges: published.length,
      repeatedChanges: [...changes.values()].filter((n) => n > 1).length,
      precision: Number((actualPairs.size === 0 ? 1 : found / actualPairs.size).toFixed(4)),
      recall: Number((expectedPairs.size === 0 ? 1 : found / expectedPairs.size).toFixed(4)),
      missed: missed.slice(0, 10),
      spurious: spurious.slice(0, 10),
      eventToBreachP50Ms: percentile(eventToBreach, 50),
      eventToBreachP99Ms: percentile(eventToBreach, 99),
      deadlineLatenessP50Ms: percentile(lateness, 50),
      deadlineLatenessP99Ms: percentile(lateness, 99),
    };
  } finally {
    await infra.stop();
  }
}

export const benchmark: Benchmark = {
  name: 'detection',
  description: "Precision and recall of the monitor's breaches against the simulator's ground truth",
  run: ({ quick }) => detectionBenchmark(quick ? 200 : 600),
};
