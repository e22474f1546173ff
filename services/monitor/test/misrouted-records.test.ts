import { crc32 } from 'node:zlib';
import type { ConsumedRecord } from '@slawatch/kafka';
import { partitionOfKey } from '@slawatch/kafka';
import { describe, expect, it } from 'vitest';
import { MISROUTED_FROM_HEADER, routeRecords } from '../src/misrouted-records.js';

const PARTITIONS = 6;

function recordOn(partition: number, waybill: string, source = 'outlet/310115'): ConsumedRecord {
  return {
    topic: 'logistics.dispatch',
    partition,
    offset: '7',
    key: Buffer.from(waybill),
    value: Buffer.from(JSON.stringify({ subject: waybill, source })),
    headers: { traceparent: Buffer.from('00-abc') },
    timestamp: '0',
  };
}

describe('routing records to the partition that owns their waybill', () => {
  it('keeps records a Java-compatible publisher placed, and moves CRC32-placed ones where they belong', () => {
    const waybills = Array.from({ length: 200 }, (_, i) => `SW${String(i).padStart(10, '0')}`);
    // librdkafka's default partitioner: CRC32 of the key modulo the partition count.
    const crc32Placed = waybills.map((w) => recordOn(crc32(w) % PARTITIONS, w));
    const split = crc32Placed.flatMap((record) =>
      routeRecords([record], PARTITIONS).moved.map((moved) => ({ record, moved })),
    );
    expect(split.length).toBeGreaterThan(100); // most land elsewhere: the two hashes agree by chance only
    for (const { record, moved } of split) {
      expect(moved.partition).toBe(partitionOfKey(record.key!, PARTITIONS));
      expect(moved.partition).not.toBe(record.partition);
      expect(moved.value).toEqual(record.value);
      expect(moved.headers?.[MISROUTED_FROM_HEADER]?.toString()).toBe(String(record.partition));
      expect(moved.headers?.['traceparent']?.toString()).toBe('00-abc');
    }
    const javaPlaced = waybills.map((w) => recordOn(partitionOfKey(Buffer.from(w), PARTITIONS), w));
    const routed = routeRecords(javaPlaced, PARTITIONS);
    expect(routed.owned).toHaveLength(waybills.length);
    expect(routed.moved).toEqual([]);
  });

  it('names the kind of publisher, bounded for a metric label, and leaves keyless records to the contract check', () => {
    const misrouted = (source: unknown) => {
      const waybill = 'SW0000000001';
      const wrong = (partitionOfKey(Buffer.from(waybill), PARTITIONS) + 1) % PARTITIONS;
      const record = recordOn(wrong, waybill);
      record.value = Buffer.from(JSON.stringify({ source }));
      return routeRecords([record], PARTITIONS).movedSources[0];
    };
    expect(misrouted('outlet/310115')).toBe('outlet');
    expect(misrouted('hub/HGH01')).toBe('hub');
    expect(misrouted('oms')).toBe('oms');
    expect(misrouted('Not A Name!/x')).toBe('other');
    expect(misrouted(42)).toBe('unknown');
    const keyless = { ...recordOn(3, 'x'), key: null };
    expect(routeRecords([keyless], PARTITIONS).owned).toEqual([keyless]);
  });
});
