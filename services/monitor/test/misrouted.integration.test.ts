import { crc32 } from 'node:zlib';
import { type OutgoingRecord, partitionOfKey } from '@slawatch/kafka';
import { describe, expect, it } from 'vitest';
import { eventually, metricSum } from '../../../test/harness/metrics.js';
import { isolatedMonitorEnvironment } from '../../../test/harness/topics.js';
import {
  E2E_STANDARDS,
  measuredByProduct,
  monitorHarness,
  publishAll,
  recordOf,
  type ShipmentEvent,
  sleep,
} from './support.js';

/*
 * One waybill, one partition, whoever publishes. The orders come from a
 * Java-compatible publisher (murmur2, kafkajs's default); the pickups from a
 * librdkafka one left at its default partitioner (CRC32 of the key). Judged
 * where they landed, a waybill's pickup would sit in another partition's state
 * than its order: a false "no pickup" breach. The monitor moves such records to
 * their waybill's partition, so the breaches equal those of an all-murmur2 run.
 */

const PARTITIONS = 3;
const harness = monitorHarness();

function shipments(prefix: string, now: number): { orders: ShipmentEvent[]; pickups: ShipmentEvent[] } {
  const waybills = Array.from({ length: 30 }, (_, i) => `${prefix}${String(i).padStart(4, '0')}`);
  return {
    orders: waybills.map((waybill) =>
      measuredByProduct({ type: 'order.created', waybill, timeMs: now - 20_000 }),
    ),
    // Two in three are picked up in time (3 s for individuals); the rest breach pickup_on_time.
    pickups: waybills
      .filter((_, i) => i % 3 !== 0)
      .map((waybill) => ({ type: 'dispatch.picked_up', waybill, timeMs: now - 19_000 }) as ShipmentEvent),
  };
}

/** What librdkafka's default partitioner does with a keyed record. */
function crc32Placed(events: ShipmentEvent[]): OutgoingRecord[] {
  return events.map((event) => {
    const { record } = recordOf(event);
    return { ...record, partition: crc32(event.waybill) % PARTITIONS };
  });
}

/**
 * The breaches that stand at the end (last status per breach, retracted ones
 * dropped), by waybill suffix so two runs with other prefixes compare. Not the
 * history: a deadline may fire before a moved pickup arrives and be retracted
 * when it does (evidence read late, which watermarked deadlines address).
 */
function standing(changes: Array<{ breachId: string; waybill: string; status: string }>) {
  const last = new Map<string, string>();
  for (const c of changes) last.set(c.breachId.slice(c.waybill.length - 4), c.status);
  return [...last]
    .filter(([, status]) => status !== 'retracted')
    .map(([id, status]) => `${id} ${status}`)
    .sort();
}

describe('records published with another partitioner', () => {
  it('give the same breaches as records partitioned like the Java client', async () => {
    const java = isolatedMonitorEnvironment('murmur2', {
      ...E2E_STANDARDS,
      KAFKA_PARTITIONS: String(PARTITIONS),
    });
    const mixed = isolatedMonitorEnvironment('crc32', {
      ...E2E_STANDARDS,
      KAFKA_PARTITIONS: String(PARTITIONS),
    });
    await harness.monitor(java.env);
    const monitor = await harness.monitor(mixed.env);
    const [javaBreaches, mixedBreaches] = await Promise.all([
      harness.breachTopic(java.topics.breaches),
      harness.breachTopic(mixed.topics.breaches),
    ]);

    const now = Date.now();
    const reference = shipments('SWJ', now);
    await publishAll(harness.kafka, java.topics, [...reference.orders, ...reference.pickups]);
    const published = shipments('SWC', now);
    await publishAll(harness.kafka, mixed.topics, published.orders);
    const producer = harness.kafka.producer();
    await producer.connect();
    await producer.send(mixed.topics.dispatch, crc32Placed(published.pickups));
    await producer.disconnect();
    const misplaced = published.pickups.filter(
      (e) => crc32(e.waybill) % PARTITIONS !== partitionOfKey(Buffer.from(e.waybill), PARTITIONS),
    ).length;
    expect(misplaced).toBeGreaterThan(5);

    // Ten shipments without a pickup breach in both runs; then wait for anything more to show.
    await eventually('pickup breaches in both runs', async () => {
      const opened = (changes: Array<{ standard: string }>) =>
        changes.filter((c) => c.standard === 'pickup_on_time').length;
      return opened(javaBreaches.changes) >= 10 && opened(mixedBreaches.changes) >= 10;
    });
    await sleep(4000);
    expect(standing(mixedBreaches.changes)).toEqual(standing(javaBreaches.changes));
    expect(standing(javaBreaches.changes).filter((c) => c.includes('pickup_on_time'))).toHaveLength(10);
    // Exactly the records CRC32 put elsewhere than murmur2 were moved.
    expect(await metricSum(monitor.url, 'slawatch_misrouted_records_total')).toBe(misplaced);
  });
});
