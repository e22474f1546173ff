/**
 * The service-mix review against ground truth: three local days (Asia/Shanghai)
 * of simulated shipments, with the demo faults (duplicates, late and
 * out-of-order arrivals, malformed records), published through a real broker
 * to a monitor on a real Redis. Time is compressed: the orders are dated over
 * the last three days and read as a backlog, as after an outage. Then the
 * attainment counts the monitor committed are read back per day and cell and
 * compared with the outcomes the simulator derives from the standards file
 * and the events as they happened (expected-outcomes.ts, written apart from
 * the evaluation core). The review's cost is given as CPU per cell and as a
 * ratio to the CPU the monitor spent judging the same shipments.
 * Run through bench/main.ts.
 */
import { mkdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { loadEnvironment } from '@slawatch/config';
import { KafkaClient, type OutgoingRecord } from '@slawatch/kafka';
import { createLogger } from '@slawatch/logger';
import { expectedOutcomes, generateScenario } from '@slawatch/network-simulation';
import { createRedis } from '@slawatch/redis';
import { formatReview, readReview } from '@slawatch/review';
import { AttainmentCounts, type CellCounts } from '@slawatch/shipment-store';
import { loadStandards, localDay } from '@slawatch/standards';
import { createMonitor } from '../services/monitor/src/monitor.js';
import type { Benchmark } from './benchmark.js';
import { root, startLocalInfra } from './local-infra.js';

const DAY_MS = 86_400_000;
const DAYS = 3;
const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));
const cpuMs = () => {
  const { user, system } = process.cpuUsage();
  return (user + system) / 1000;
};
const dayText = (ms: number) => new Date(localDay('Asia/Shanghai', ms) * DAY_MS).toISOString().slice(0, 10);

type Tally = Map<string, { judged: number; met: number }>;

function tallyOf(cells: CellCounts[]): Tally {
  const out: Tally = new Map();
  for (const c of cells) {
    const judged = c.counts['judged'] ?? 0;
    const met = c.counts['met'] ?? 0;
    if (judged === 0 && met === 0) continue;
    out.set([c.day, c.standard, c.segment, c.product, c.route].join('|'), { judged, met });
  }
  return out;
}

function mismatchesOf(expected: Tally, actual: Tally): string[] {
  const out: string[] = [];
  for (const key of new Set([...expected.keys(), ...actual.keys()])) {
    const a = expected.get(key) ?? { judged: 0, met: 0 };
    const b = actual.get(key) ?? { judged: 0, met: 0 };
    if (a.judged !== b.judged || a.met !== b.met)
      out.push(`${key}: expected ${a.met}/${a.judged}, counted ${b.met}/${b.judged}`);
  }
  return out;
}

export async function reviewBenchmark(shipments: number, seed = 17) {
  const logger = createLogger({ name: 'bench', level: 'warn', format: 'json' });
  const infra = await startLocalInfra();
  try {
    const standardsFile = join(root, 'standards/demo.yaml');
    const file = loadStandards(standardsFile);
    const env = loadEnvironment({
      KAFKA_BROKERS: infra.brokers,
      REDIS_URL: infra.redisUrl,
      STANDARDS_FILE: standardsFile,
      LOG_LEVEL: 'warn',
      LOG_FORMAT: 'json',
      HTTP_PORT: '19996',
      DEADLINE_POLL_INTERVAL_MS: '100',
    });
    const monitor = createMonitor(env, logger);
    const running = await monitor.start();

    // Orders spread evenly over three local days that ended before now, so every due time has passed.
    const today = localDay('Asia/Shanghai', Date.now());
    const startMs = (today - DAYS) * DAY_MS - 8 * 3_600_000 + 60_000;
    const scenario = generateScenario({
      seed,
      shipments,
      faults: 'demo',
      standards: file,
      startMs,
      intervalMs: (DAYS * DAY_MS - 120_000) / shipments,
    });
    const expected: Tally = new Map();
    for (const shipment of scenario.shipments) {
      for (const outcome of expectedOutcomes(file, shipment.plan.events)) {
        const key = [
          dayText(outcome.orderedMs),
          outcome.standard,
          outcome.segment,
          outcome.product,
          outcome.route,
        ].join('|');
        const cell = expected.get(key) ?? { judged: 0, met: 0 };
        cell.judged += 1;
        if (outcome.met) cell.met += 1;
        expected.set(key, cell);
      }
    }
    if (scenario.settlesAtMs > Date.now()) await sleep(scenario.settlesAtMs - Date.now() + 2_000);

    const topicOf: Record<string, string> = {
      orders: env.TOPIC_ORDERS,
      dispatch: env.TOPIC_DISPATCH,
      delivery: env.TOPIC_DELIVERY,
      aftersales: env.TOPIC_AFTERSALES,
    };
    const client = new KafkaClient({ brokers: [infra.brokers], clientId: 'bench-review' }, logger);
    const producer = client.producer();
    await producer.connect();
    const cpuBeforeIngest = cpuMs();
    // As fast as the broker takes them, in publication order: late and out-of-order arrivals stay so.
    for (let i = 0; i < scenario.records.length; i += 2_000) {
      const byTopic = new Map<string, OutgoingRecord[]>();
      for (const record of scenario.records.slice(i, i + 2_000)) {
        const topic = topicOf[record.topicFamily]!;
        const list = byTopic.get(topic) ?? [];
        list.push({ key: record.key, value: record.value });
        byTopic.set(topic, list);
      }
      await producer.sendMany(byTopic);
    }
    await producer.disconnect();

    const redis = createRedis({ url: infra.redisUrl }, { name: 'bench-review' });
    const counts = new AttainmentCounts(redis, { prefix: env.REDIS_KEY_PREFIX });
    const days = Array.from({ length: DAYS + 1 }, (_, i) => dayText(startMs + i * DAY_MS));
    const read = async () => tallyOf(await counts.read({ partitions: env.KAFKA_PARTITIONS, days }));
    // Until the counts match the truth, or have not moved for 10 s (then the mismatches are the figure).
    let actual = await read();
    let lastChange = Date.now();
    const deadline = Date.now() + 180_000;
    while (Date.now() < deadline) {
      await sleep(1_000);
      const next = await read();
      if (mismatchesOf(expected, next).length === 0) {
        actual = next;
        break;
      }
      if (mismatchesOf(actual, next).length > 0) lastChange = Date.now();
      actual = next;
      if (Date.now() - lastChange > 10_000) break;
    }
    const ingestCpuMs = cpuMs() - cpuBeforeIngest;
    await running.stop();

    // The review itself, as `slawatch report --by segment,product,route --format html` builds it.
    const cpuBeforeReport = cpuMs();
    const wallBeforeReport = performance.now();
    const review = await readReview(counts, {
      file,
      from: days[0]!,
      to: days.at(-1)!,
      by: ['segment', 'product', 'route'],
      partitions: env.KAFKA_PARTITIONS,
    });
    const html = formatReview(review, 'html', 'zh');
    const reportCpuMs = cpuMs() - cpuBeforeReport;
    const reportWallMs = performance.now() - wallBeforeReport;
    const bySegment = await readReview(counts, {
      file,
      from: days[0]!,
      to: days.at(-1)!,
      by: ['segment'],
      partitions: env.KAFKA_PARTITIONS,
    });
    const artifacts = join(root, 'artifacts');
    mkdirSync(artifacts, { recursive: true });
    writeFileSync(join(artifacts, 'review-bench.html'), formatReview(bySegment, 'html', 'zh'));
    writeFileSync(join(artifacts, 'review-bench-detail.html'), html);
    writeFileSync(join(artifacts, 'review-bench.txt'), `${formatReview(bySegment, 'table')}\n`);
    redis.disconnect();

    const mismatches = mismatchesOf(expected, actual);
    const judged = [...actual.values()].reduce((sum, c) => sum + c.judged, 0);
    return {
      shipments,
      days: DAYS,
      records: scenario.records.length,
      cells: new Set([...expected.keys(), ...actual.keys()]).size,
      judgedExpected: [...expected.values()].reduce((sum, c) => sum + c.judged, 0),
      judged,
      mismatches: mismatches.length,
      mismatchExamples: mismatches.slice(0, 5),
      reviewRows: review.rows.length,
      reportCpuMicrosecondsPerCell: Number(((reportCpuMs * 1000) / Math.max(1, actual.size)).toFixed(1)),
      reportCpuToMonitorCpu: Number((reportCpuMs / Math.max(1, ingestCpuMs)).toFixed(4)),
      reportWallMsForInformation: Math.round(reportWallMs),
    };
  } finally {
    await infra.stop();
  }
}

export const benchmark: Benchmark = {
  name: 'review',
  description:
    "Attainment counts of three simulated days against the simulator's ground truth, and the review's cost",
  run: ({ quick }) => reviewBenchmark(quick ? 600 : 3_000),
};
