/**
 * Redis footprint and deadline precision of the shipment store.
 *
 * Run through bench/main.ts.
 *
 * 1. Writes `shipments` (default 1,000,000) mid-flight shipments (order,
 *    pickup, three hub scans; their deadlines pending) through the monitor's
 *    own evaluation and store code, and divides the growth of Redis
 *    `used_memory` by the count.
 * 2. Schedules `pendingDeadlines` (default 100,000) shipments whose pickup
 *    deadline falls due over 20 s, runs the deadline scheduler, and reports
 *    how late each fired (p50/p99).
 */

import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { type EventType, sampleEvent } from '@slawatch/contract';
import { compileStandards } from '@slawatch/evaluation';
import { createLogger } from '@slawatch/logger';
import { createRedis } from '@slawatch/redis';
import { ShipmentStore, type ShipmentWrite } from '@slawatch/shipment-store';
import { parseStandards } from '@slawatch/standards';
import { ShipmentCommitter } from '../services/monitor/src/commit-shipments.js';
import { DeadlineScheduler } from '../services/monitor/src/deadline-scheduler.js';
import { wallClock } from '../services/monitor/src/evidence-watermark.js';
import { MonitorMetrics } from '../services/monitor/src/metrics.js';
import { PartitionLock } from '../services/monitor/src/partition-lock.js';
import { type ArrivedEvent, ShipmentEvaluation } from '../services/monitor/src/shipment-evaluation.js';
import type { Benchmark } from './benchmark.js';
import { percentile, root, startLocalInfra } from './local-infra.js';

/** Input partitions, as in the ingestion benchmark: shipments are spread over them. */
const partitions = 6;

export async function storeBenchmark(shipments: number, pending: number, spreadMs = 20_000) {
  const logger = createLogger({ name: 'bench', level: 'warn', format: 'json' });
  const figures: Record<string, unknown> = {};

  function arrived(type: EventType, waybill: string, timeMs: number, step: number): ArrivedEvent {
    const event = sampleEvent(type, {
      subject: waybill,
      id: `${waybill}-${step}`,
      time: new Date(timeMs).toISOString(),
    }) as ArrivedEvent['event'];
    return { event, timeMs, arrivedMs: timeMs };
  }

  const infra = await startLocalInfra();
  try {
    const redis = createRedis({ url: infra.redisUrl }, { name: 'bench-store' });
    const usedMemory = async () => Number(/used_memory:(\d+)/.exec(await redis.info('memory'))?.[1]);

    // 1. Bytes per in-flight shipment, with the default standards.
    {
      const file = join(root, 'standards/default.yaml');
      const compiled = compileStandards(parseStandards(file, readFileSync(file, 'utf8')));
      const evaluation = new ShipmentEvaluation({ compiled, retentionMs: 7 * 86_400_000 });
      const buckets = Math.max(1, Math.ceil(shipments / partitions / 100));
      const store = new ShipmentStore(redis, { prefix: 'mem:', buckets });
      const before = await usedMemory();
      const start = Date.now() - 3_600_000;
      const lifecycle: EventType[] = [
        'order.created',
        'dispatch.picked_up',
        'dispatch.hub_scan',
        'dispatch.hub_scan',
        'dispatch.hub_scan',
      ];
      let stateBytes = 0;
      await writeShipments(store, shipments, (i) => {
        const waybill = `SW${String(7e11 + i)}`;
        const events = lifecycle.map((type, step) =>
          arrived(type, waybill, start + step * 600_000 + (i % 1000), step),
        );
        const value = evaluation.applyEvents(undefined, events, wallClock(Date.now())).next!;
        stateBytes += value.length;
        return { waybill, value };
      });
      const after = await usedMemory();
      Object.assign(figures, {
        inFlightShipments: shipments,
        bucketsPerPartition: buckets,
        redisBytesPerShipment: Number(((after - before) / shipments).toFixed(1)),
        storedValueBytesPerShipment: Number((stateBytes / shipments).toFixed(1)),
      });
      await redis.flushdb();
    }

    // 2. Deadline lateness with `pending` deadlines falling due over 20 s.
    {
      const text = readFileSync(join(root, 'standards/demo.yaml'), 'utf8');
      const compiled = compileStandards(parseStandards('standards/demo.yaml', text));
      const evaluation = new ShipmentEvaluation({ compiled, retentionMs: 3_600_000 });
      const store = new ShipmentStore(redis, {
        prefix: 'due:',
        buckets: Math.max(1, Math.ceil(pending / partitions / 100)),
      });
      // The demo pickup limit is 20 s: orders created over `spreadMs` come due over `spreadMs`.
      // Set-up must finish before the first deadline: allow about 1 s per 5,000 shipments.
      const firstDue = Date.now() + 25_000 + Math.ceil(pending / 5);
      await writeShipments(store, pending, (i) => {
        const waybill = `SD${String(7e11 + i)}`;
        const created = firstDue - 20_000 + Math.floor((i / pending) * spreadMs);
        const { next } = evaluation.applyEvents(
          undefined,
          [arrived('order.created', waybill, created, 0)],
          wallClock(Date.now()),
        );
        return { waybill, value: next! };
      });
      const lateness: number[] = [];
      let breaches = 0;
      const committer = new ShipmentCommitter({
        store,
        metrics: new MonitorMetrics(
          compiled,
          { orders: 'orders', dispatch: 'dispatch', delivery: 'delivery', aftersales: 'aftersales' },
          { pendingBuckets: async () => new Map(), lag: async () => [] },
        ),
        onCommitted: ({ totals }) => {
          for (const lateMs of totals.latenessMs) lateness.push(lateMs);
          breaches += totals.changes.filter((c) => c.status === 'open').length;
        },
      });
      const scheduler = new DeadlineScheduler({
        store,
        evaluation,
        committer,
        lock: new PartitionLock(),
        partitions: () => Array.from({ length: partitions }, (_, p) => p),
        logger,
        pollIntervalMs: 200,
        leaseMs: 10_000,
        // The scheduler's own lateness: every event is in the store already, so nothing waits for evidence.
        horizon: (_, nowMs) => wallClock(nowMs),
        bucketsPerPoll: 64,
      });
      if (Date.now() > firstDue - 20_000) console.error('warning: setup took longer than the first deadline');
      scheduler.start();
      // Every deadline is due by firstDue + spreadMs (+ the demo warn-to-breach gap); wait past that.
      while (Date.now() < firstDue + spreadMs + 15_000) await new Promise((r) => setTimeout(r, 500));
      await scheduler.stop();
      lateness.sort((a, b) => a - b);
      Object.assign(figures, {
        pendingDeadlines: pending,
        dueOverSeconds: spreadMs / 1000,
        deadlineFires: lateness.length,
        breachesOpened: breaches,
        deadlineLatenessP50Ms: percentile(lateness, 50),
        deadlineLatenessP99Ms: percentile(lateness, 99),
        deadlineLatenessMaxMs: lateness.at(-1),
      });
    }
    redis.disconnect();
    return figures;
  } finally {
    await infra.stop();
  }
}

/** Stores `count` new shipments made by `make`, a thousand at a time, spread over the partitions like Kafka would. */
async function writeShipments(
  store: ShipmentStore,
  count: number,
  make: (index: number) => { waybill: string; value: Buffer },
): Promise<void> {
  for (let offset = 0; offset < count; offset += 1000) {
    const byPartition = new Map<number, ShipmentWrite[]>();
    for (let i = offset; i < Math.min(count, offset + 1000); i++) {
      const { waybill, value } = make(i);
      const list = byPartition.get(i % partitions) ?? [];
      list.push({ waybill, expected: undefined, next: value });
      byPartition.set(i % partitions, list);
    }
    await Promise.all([...byPartition].map(([partition, writes]) => store.commit(partition, writes, [])));
  }
}

export const benchmark: Benchmark = {
  name: 'store',
  description: 'Redis bytes per in-flight shipment, and how late deadlines fire with many pending',
  run: ({ quick }) => storeBenchmark(quick ? 50_000 : 1_000_000, quick ? 10_000 : 100_000),
};
