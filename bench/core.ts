/**
 * CPU per event of the monitor's pure path, in this process: parse and
 * validate each record, evaluate each waybill's events against the standards,
 * encode the states, tally attainment, count metrics. No Kafka, no Redis (a
 * map keeps the encoded states), so the figure moves only with the core's
 * code and is far steadier than the ingestion benchmark's on a shared
 * machine: use it while optimising the core, and the ingestion benchmark for
 * what a monitor costs.
 *
 * The same complete shipments as the ingestion benchmark (8 events each),
 * read in batches of 2,700 records per topic, the topics interleaved as the
 * consumer reads them, in two shapes. As a backlog (`cpuMicrosPerEvent`): a
 * shipment's events of one topic are next to each other, so a batch holds
 * several of a waybill (2.7 per waybill and batch), judged together. As a
 * live stream (`cpuMicrosPerEventLive`): each batch holds one event per
 * waybill, as when a parcel's events come hours apart, so every event pays
 * for a whole load, judgement and store of its shipment. One warm-up round
 * per shape, then `rounds` rounds on a fresh state each; medians are reported.
 */
import { prepareEventChecks, type TopicFamily } from '@slawatch/contract';
import { compileStandards } from '@slawatch/evaluation';
import type { ConsumedRecord } from '@slawatch/kafka';
import { loadStandards } from '@slawatch/standards';
import { AttainmentTally } from '../services/monitor/src/attainment-tally.js';
import { BatchTotals } from '../services/monitor/src/batch-totals.js';
import { wallClock } from '../services/monitor/src/evidence-watermark.js';
import { MonitorMetrics } from '../services/monitor/src/metrics.js';
import { groupByWaybill, parseRecords } from '../services/monitor/src/parse-batch.js';
import { ShipmentEvaluation } from '../services/monitor/src/shipment-evaluation.js';
import type { Benchmark } from './benchmark.js';
import { root } from './local-infra.js';
import { shipmentRecords } from './shipments.js';

const BATCH_RECORDS = 2700;

interface Batch {
  family: TopicFamily;
  records: ConsumedRecord[];
}

function batchesOf(shipments: number, shape: 'backlog' | 'live'): { batches: Batch[]; events: number } {
  const { byFamily, events } = shipmentRecords(shipments, Date.now() - 3_600_000, {
    byStep: shape === 'live',
  });
  const timestamp = String(Date.now());
  const queues = [...byFamily].map(([family, list]) => ({ family: family as TopicFamily, list, at: 0 }));
  const batches: Batch[] = [];
  while (queues.some((q) => q.at < q.list.length)) {
    for (const queue of queues) {
      if (queue.at >= queue.list.length) continue;
      const first = queue.at;
      const slice = queue.list.slice(first, first + BATCH_RECORDS);
      queue.at += slice.length;
      batches.push({
        family: queue.family,
        records: slice.map((r, i) => ({
          topic: queue.family,
          partition: 0,
          offset: String(first + i),
          key: Buffer.from(r.key),
          value: Buffer.from(r.value),
          headers: {},
          timestamp,
        })),
      });
    }
  }
  return { batches, events };
}

/** One pass over every batch on an empty state; returns the CPU it took in microseconds. */
function pass(batches: Batch[]): number {
  const compiled = compileStandards(loadStandards(`${root}/standards/default.yaml`));
  const evaluation = new ShipmentEvaluation({ compiled, retentionMs: 7 * 86_400_000 });
  const metrics = new MonitorMetrics(
    compiled,
    { orders: 'orders', dispatch: 'dispatch', delivery: 'delivery', aftersales: 'aftersales' },
    { pendingBuckets: async () => new Map(), lag: async () => [] },
  );
  const tally = new AttainmentTally(400);
  const stored = new Map<string, Buffer>();
  const options = { maxBytes: 1_000_000, maxFutureSkewMs: 300_000, now: Date.now() };
  const started = process.cpuUsage();
  for (const batch of batches) {
    // The batch processor's own steps: grouped by key, then each waybill's records parsed
    // (the contract's check) just before its evaluation.
    const { byWaybill } = groupByWaybill(batch.records);
    const clock = wallClock(Date.now());
    // As the committer does: each shipment counted as it is evaluated, not kept.
    const totals = new BatchTotals(tally);
    for (const [waybill, records] of byWaybill) {
      const { arrived, refused } = parseRecords(batch.family, records, options);
      if (refused.length > 0)
        throw new Error(`the benchmark's own record was refused: ${refused[0]!.message}`);
      const shipment = evaluation.applyEvents(stored.get(waybill), arrived, clock);
      totals.add(shipment);
      if (shipment.unchanged) continue;
      if (shipment.next) stored.set(waybill, shipment.next);
      // The outbox's encoding of each breach change, as the commit does.
      for (const change of shipment.changes) JSON.stringify(change);
    }
    totals.attainment();
    metrics.committed(totals, batch.family, Date.now());
  }
  const used = process.cpuUsage(started);
  return used.user + used.system;
}

/** A warm-up pass, then `rounds` passes; the median and every round's CPU per event. */
function measureShape(
  { batches, events }: { batches: Batch[]; events: number },
  rounds: number,
  shape: string,
) {
  pass(batches);
  const perEvent: number[] = [];
  for (let round = 0; round < rounds; round++) {
    perEvent.push(pass(batches) / events);
    console.error(`  ${shape} round ${round + 1}: ${perEvent.at(-1)!.toFixed(2)} µs/event`);
  }
  const sorted = [...perEvent].sort((a, b) => a - b);
  return {
    events,
    median: Number(sorted[Math.floor(sorted.length / 2)]!.toFixed(2)),
    perRound: perEvent.map((v) => Number(v.toFixed(2))),
  };
}

export const benchmark: Benchmark = {
  name: 'core',
  description:
    "CPU per event of the monitor's pure path in process (parse, evaluate, encode, attainment, metrics), without Kafka or Redis",
  async run({ quick }) {
    prepareEventChecks();
    const shipments = quick ? 2_000 : 25_000;
    const rounds = quick ? 1 : 5;
    // bench/core-compare.ts measures one shape at a time.
    const shapes = (process.env['BENCH_CORE_SHAPES'] ?? 'backlog,live').split(',');
    const backlog = shapes.includes('backlog')
      ? measureShape(batchesOf(shipments, 'backlog'), rounds, 'backlog')
      : undefined;
    const live = shapes.includes('live')
      ? measureShape(batchesOf(shipments, 'live'), rounds, 'live')
      : undefined;
    return {
      shipments,
      events: (backlog ?? live)?.events ?? 0,
      rounds,
      ...(backlog ? { cpuMicrosPerEvent: backlog.median, cpuMicrosPerEventRounds: backlog.perRound } : {}),
      ...(live ? { cpuMicrosPerEventLive: live.median, cpuMicrosPerEventLiveRounds: live.perRound } : {}),
    };
  },
};
