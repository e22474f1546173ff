import { resolve } from 'node:path';
import { type EventType, sampleEvent } from '@slawatch/contract';
import { compileStandards } from '@slawatch/evaluation';
import { createLogger } from '@slawatch/logger';
import { ShipmentStore } from '@slawatch/shipment-store';
import { loadStandards } from '@slawatch/standards';
import { afterAll, describe, expect, inject, it } from 'vitest';
import { testRedis, uniqueName } from '../../../test/harness/isolation.js';
import { BatchTotals } from '../src/batch-totals.js';
import { type CommittedShipments, ShipmentCommitter } from '../src/commit-shipments.js';
import { DeadlineScheduler } from '../src/deadline-scheduler.js';
import { type JudgementHorizon, wallClock } from '../src/evidence-watermark.js';
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
function committerOnFreshStore(
  maxAttempts?: number,
  horizon?: (partition: number, nowMs: number) => JudgementHorizon,
) {
  const store = new ShipmentStore(redis, { prefix: `${uniqueName('commit')}:`, buckets: 4 });
  const metrics = new MonitorMetrics(
    compiled,
    { orders: TOPIC, dispatch: 'dispatch', delivery: 'delivery', aftersales: 'aftersales' },
    { pendingBuckets: async () => new Map(), lag: async () => [] },
  );
  const committed: CommittedShipments[] = [];
  const committer = new ShipmentCommitter({
    store,
    metrics,
    onCommitted: (c) => committed.push(c),
    ...(maxAttempts === undefined ? {} : { maxAttempts }),
    ...(horizon === undefined ? {} : { horizon }),
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

/** The deadline scheduler of the one test partition, judging as far as `horizon` says. */
function schedulerOver(
  store: ShipmentStore,
  committer: ShipmentCommitter,
  horizon: (partition: number, nowMs: number) => JudgementHorizon,
) {
  return new DeadlineScheduler({
    store,
    evaluation,
    committer,
    lock: new PartitionLock(),
    partitions: () => [PARTITION],
    logger: createLogger({ name: 'test', level: 'silent', format: 'json' }),
    pollIntervalMs: 100,
    leaseMs: 10_000,
    bucketsPerPoll: 8,
    horizon,
  });
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
  evaluate: (_: string, stored: Buffer | undefined, clock: JudgementHorizon) =>
    evaluation.applyEvents(stored, events, clock),
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
    expect(committed).toEqual([{ partition: PARTITION, totals: expect.any(BatchTotals), outboxed: 1 }]);
    expect(committed[0]!.totals.shipments).toBe(1);
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
    const scheduler = schedulerOver(store, committer, (_, nowMs) => wallClock(nowMs));
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

  it('stores the input position with the effects, and asks to read again from what a Redis that lost writes holds', async () => {
    const { store, committer } = committerOnFreshStore();
    const waybill = 'SW-POSITION';
    const work = eventsWork(waybill, arrived(waybill, [['order.created', 2]]));
    await committer.commit({ ...work, position: { topic: TOPIC, startOffset: '0', nextOffset: '5' } });
    const stored = () => store.offsets({ [TOPIC]: [PARTITION], other: [PARTITION] });
    expect(await stored()).toEqual([{ topic: TOPIC, partition: PARTITION, offset: '5' }]);

    // Redelivered from before what is stored (a crash before Kafka's commit): applied again as duplicates.
    await committer.commit({ ...work, position: { topic: TOPIC, startOffset: '3', nextOffset: '5' } });
    // A batch from offset 9: offsets 5 to 8 were applied by writes this Redis no longer has.
    const later = eventsWork('SW-LATER', arrived('SW-LATER', [['order.created', 1]]));
    await expect(
      committer.commit({ ...later, position: { topic: TOPIC, startOffset: '9', nextOffset: '12' } }),
    ).rejects.toMatchObject({ name: 'ReadAgainFrom', topic: TOPIC, partition: PARTITION, offset: '5' });
    // Nothing of it was written.
    expect((await store.load(PARTITION, ['SW-LATER'])).get('SW-LATER')).toBeUndefined();
    expect(await stored()).toEqual([{ topic: TOPIC, partition: PARTITION, offset: '5' }]);
    // Read again from 5, it continues.
    await committer.commit({ ...later, position: { topic: TOPIC, startOffset: '5', nextOffset: '12' } });
    expect(await stored()).toEqual([{ topic: TOPIC, partition: PARTITION, offset: '12' }]);
  });

  it('holds a passed deadline while its evidence is unread, and says so when the maximum hold releases it', async () => {
    // The evidence of the partition is read up to 10 s ago.
    let horizon = (_: number, nowMs: number): JudgementHorizon => ({
      nowMs,
      horizonMs: nowMs - 10_000,
      evidenceMs: nowMs - 10_000,
    });
    const { store, metrics, committer, count } = committerOnFreshStore(undefined, (p, nowMs) =>
      horizon(p, nowMs),
    );
    const waybill = 'SW-HELD';
    // Ordered 5 s ago: its 3 s pickup deadline passed 2 s ago, after what has been read.
    await committer.commit(eventsWork(waybill, arrived(waybill, [['order.created', 5]])));
    const scheduler = schedulerOver(store, committer, (p, nowMs) => horizon(p, nowMs));
    await scheduler.pollOnce();
    expect(await store.readOutbox(PARTITION, 10)).toEqual([]);
    const held = await store.dueSummary(PARTITION, { heldAfterMs: Date.now() - 10_000, nowMs: Date.now() });
    expect(held.heldBuckets).toBe(1);

    // The maximum hold passed with the evidence still unread: judged, and marked.
    horizon = (_, nowMs) => ({ nowMs, horizonMs: nowMs, evidenceMs: nowMs - 10_000 });
    await scheduler.pollOnce();
    const outbox = await store.readOutbox(PARTITION, 10);
    expect(outbox).toHaveLength(1);
    expect(JSON.parse(outbox[0]!.value)).toMatchObject({
      standard: 'pickup_on_time',
      status: 'open',
      judgedBeforeBacklogRead: true,
    });
    expect(await count(metrics.judgedBeforeBacklogRead, { standard: 'pickup_on_time' })).toBe(1);
  });
});
