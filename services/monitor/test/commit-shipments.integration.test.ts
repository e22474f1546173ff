import { resolve } from 'node:path';
import { type EventType, sampleEvent } from '@slawatch/contract';
import { compileStandards } from '@slawatch/evaluation';
import { createLogger } from '@slawatch/logger';
import { ShipmentStore } from '@slawatch/shipment-store';
import { loadStandards } from '@slawatch/standards';
import { afterAll, describe, expect, inject, it } from 'vitest';
import { testRedis, uniqueName } from '../../../test/harness/isolation.js';
import { type CommittedShipments, ShipmentCommitter } from '../src/commit-shipments.js';
import { DeadlineScheduler } from '../src/deadline-scheduler.js';
import { MonitorMetrics } from '../src/metrics.js';
import { PartitionLock } from '../src/partition-lock.js';
import { type ArrivedEvent, ShipmentEvaluation } from '../src/shipment-evaluation.js';
import { E2E_STANDARDS, sleep } from './support.js';

/*
 * The one unit that commits shipments, on a real Redis: what the batch
 * processor and the deadline scheduler hand it is stored once, with its
 * breach changes keyed by waybill in the outbox, and counted once durable.
 */

const redis = testRedis();
afterAll(() => redis.quit());

const compiled = compileStandards(
  loadStandards(resolve(inject('repositoryRoot'), E2E_STANDARDS.STANDARDS_FILE)),
);
const evaluation = new ShipmentEvaluation({ compiled, retentionMs: 3_600_000 });
const PARTITION = 2;
const TOPIC = 'orders-topic';

/** A store of its own, a committer over it, and what the committer told. */
function committerOnFreshStore(maxAttempts?: number) {
  const store = new ShipmentStore(redis, { prefix: `${uniqueName('commit')}:`, buckets: 4 });
  const metrics = new MonitorMetrics(
    compiled,
    { orders: TOPIC, dispatch: 'dispatch', delivery: 'delivery', aftersales: 'aftersales' },
    { pendingBuckets: async () => new Map(), lag: async () => [] },
  );
  const committed: CommittedShipments[] = [];
  const committer = new ShipmentCommitter({
    store,
    evaluation,
    metrics,
    onCommitted: (c) => committed.push(c),
    ...(maxAttempts === undefined ? {} : { maxAttempts }),
  });
  const count = async (
    metric: { get(): Promise<{ values: Array<{ value: number; labels: object }> }> },
    labels = {},
  ) =>
    (await metric.get()).values
      .filter((v) => Object.entries(labels).every(([k, x]) => (v.labels as Record<string, unknown>)[k] === x))
      .reduce((sum, v) => sum + v.value, 0);
  return { store, metrics, committer, committed, count };
}

/** An individual's standard-product order and what followed, `secondsAgo` before now. */
function arrived(waybill: string, steps: Array<[type: EventType, secondsAgo: number]>): ArrivedEvent[] {
  return steps.map(([type, secondsAgo]) => {
    const timeMs = Date.now() - secondsAgo * 1000;
    const event = sampleEvent(type, {
      subject: waybill,
      id: `${waybill}-${type}`,
      time: new Date(timeMs).toISOString(),
    }) as ArrivedEvent['event'];
    if (type === 'order.created')
      Object.assign(event.data, {
        segment: 'individual',
        product: 'standard',
        promisedDeliveryBy: undefined,
      });
    return { event, timeMs, arrivedMs: timeMs };
  });
}

const eventsWork = (waybill: string, events: ArrivedEvent[]) => ({
  partition: PARTITION,
  topic: TOPIC,
  waybills: [waybill],
  evaluate: (_: string, stored: Buffer | undefined, nowMs: number) =>
    evaluation.applyEvents(stored, events, nowMs),
});

describe('ShipmentCommitter on a real Redis', () => {
  it('stores a batch once, with its breach changes keyed by waybill, and counts it once durable', async () => {
    const { store, metrics, committer, committed, count } = committerOnFreshStore();
    const waybill = 'SW-STOCKOUT';
    const events = arrived(waybill, [
      ['order.created', 2],
      ['order.stockout', 1],
    ]);
    await committer.commit(eventsWork(waybill, events));

    const state = evaluation.decodeState((await store.load(PARTITION, [waybill])).get(waybill)!);
    expect(state.events.map((e) => e.type)).toEqual(['order.created', 'order.stockout']);
    const outbox = await store.readOutbox(PARTITION, 10);
    expect(outbox.map((e) => e.key)).toEqual([waybill]);
    expect(JSON.parse(outbox[0]!.value)).toMatchObject({ waybill, standard: 'stockout', status: 'open' });
    expect(committed).toEqual([{ partition: PARTITION, shipments: expect.any(Array), outboxed: 1 }]);
    expect(await count(metrics.events, { topic: TOPIC, result: 'accepted' })).toBe(2);
    expect(await count(metrics.breachChanges, { standard: 'stockout', status: 'open' })).toBe(1);
    expect(await count(metrics.storeConflicts)).toBe(0);

    // The same events again: duplicates, nothing written, nothing published.
    await committer.commit(eventsWork(waybill, events));
    expect(committed[1]!.outboxed).toBe(0);
    expect(await count(metrics.events, { topic: TOPIC, result: 'duplicate' })).toBe(2);
    expect(await store.readOutbox(PARTITION, 10)).toHaveLength(1);
  });

  it('reads and evaluates again when another writer changed a shipment since it was read', async () => {
    const { store, metrics, committer, count } = committerOnFreshStore();
    const waybill = 'SW-RACED';
    await committer.commit(eventsWork(waybill, arrived(waybill, [['order.created', 2]])));
    // Read before that commit: stale, so the first attempt conflicts and the second reads afresh.
    const picked = arrived(waybill, [['dispatch.picked_up', 1]]);
    await committer.commit({ ...eventsWork(waybill, picked), stored: new Map([[waybill, undefined]]) });

    const state = evaluation.decodeState((await store.load(PARTITION, [waybill])).get(waybill)!);
    expect(state.events.map((e) => e.type)).toEqual(['order.created', 'dispatch.picked_up']);
    expect(await count(metrics.storeConflicts)).toBe(1);
    expect(await count(metrics.events, { result: 'accepted' })).toBe(2);
  });

  it('writes nothing and says so when the shipments keep changing past the attempts allowed', async () => {
    const { store, metrics, committer, committed, count } = committerOnFreshStore(1);
    const waybill = 'SW-GIVES-UP';
    await committer.commit(eventsWork(waybill, arrived(waybill, [['order.created', 2]])));
    const before = (await store.load(PARTITION, [waybill])).get(waybill);
    const stockout = arrived(waybill, [['order.stockout', 1]]);
    await expect(
      committer.commit({ ...eventsWork(waybill, stockout), stored: new Map([[waybill, undefined]]) }),
    ).rejects.toThrow(/kept changing under us on partition 2: SW-GIVES-UP/);
    expect((await store.load(PARTITION, [waybill])).get(waybill)).toEqual(before);
    expect(await store.readOutbox(PARTITION, 10)).toEqual([]);
    expect(committed).toHaveLength(1);
    expect(await count(metrics.storeConflicts)).toBe(1);
  });

  it('commits deadlines the scheduler fires the same way, and records how late they fired', async () => {
    const { store, metrics, committer, count } = committerOnFreshStore();
    const waybill = 'SW-NOT-PICKED-UP';
    // Ordered 2 s ago: the 3 s pickup deadline falls due in a second, and is a second overdue when polled.
    await committer.commit(eventsWork(waybill, arrived(waybill, [['order.created', 2]])));
    expect(await store.readOutbox(PARTITION, 10)).toEqual([]);
    await sleep(2_000);
    const scheduler = new DeadlineScheduler({
      store,
      evaluation,
      committer,
      lock: new PartitionLock(),
      partitions: () => [PARTITION],
      logger: createLogger({ name: 'test', level: 'silent', format: 'json' }),
      pollIntervalMs: 100,
      leaseMs: 10_000,
      bucketsPerPoll: 8,
    });
    await scheduler.pollOnce();

    const outbox = await store.readOutbox(PARTITION, 10);
    expect(outbox.map((e) => e.key)).toEqual([waybill]);
    expect(JSON.parse(outbox[0]!.value)).toMatchObject({ standard: 'pickup_on_time', evidence: [] });
    const lateness = (await metrics.deadlineLatenessSeconds.get()).values;
    expect(lateness.find((v) => v.metricName?.endsWith('_count'))?.value).toBe(1);
    expect(lateness.find((v) => v.metricName?.endsWith('_sum'))?.value).toBeGreaterThanOrEqual(0.9);
    expect(await count(metrics.breachChanges, { standard: 'pickup_on_time', status: 'open' })).toBe(1);
    // Fired once: the shipment's next deadline is later, so a second poll finds nothing due.
    await scheduler.pollOnce();
    expect(await store.readOutbox(PARTITION, 10)).toHaveLength(1);
  });
});
