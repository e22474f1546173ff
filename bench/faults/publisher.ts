import { crc32 } from 'node:zlib';
import type { OutgoingRecord, Producer } from '@slawatch/kafka';
import type { SimulatedRecord } from '@slawatch/network-simulation';
import { adversarialRecords } from '../../services/monitor/test/adversarial-records.js';

export interface TimedRecord {
  atMs: number;
  topicFamily: string;
  record: OutgoingRecord;
}

export interface InputShape {
  partitions: number;
  /** Hostile records as a share of all records (0.1: one in ten), spread evenly over the input. */
  adversarialShare?: number;
  /** Every other waybill placed by CRC32 of its key, as a librdkafka publisher does by default. */
  crc32HalfTheWaybills?: boolean;
}

/** The records of a run in publishing order: the simulator's, placed and mixed as the scenario says. */
export function timedRecords(
  records: ReadonlyArray<SimulatedRecord>,
  shape: InputShape,
  window: { startMs: number; endMs: number },
): TimedRecord[] {
  const crc32Placed = (waybill: string) => (crc32(waybill) & 1) === 1;
  const valid: TimedRecord[] = records
    .filter((record) => record.publishAtMs <= window.endMs)
    .map((record) => ({
      atMs: record.publishAtMs,
      topicFamily: record.topicFamily,
      record: {
        key: record.key,
        value: record.value,
        ...(shape.crc32HalfTheWaybills && crc32Placed(record.waybill)
          ? { partition: crc32(record.key) % shape.partitions }
          : {}),
      },
    }));
  const share = shape.adversarialShare ?? 0;
  if (share <= 0) return valid;
  const count = Math.round((valid.length * share) / (1 - share));
  const hostile = adversarialRecords({
    seed: 14,
    count,
    validWaybills: [...new Set(records.map((record) => record.waybill))],
    timeMs: window.startMs - 3_600_000,
    partitions: shape.partitions,
  });
  const step = (window.endMs - window.startMs) / Math.max(1, hostile.length);
  const mixed = hostile.map((item, index) => ({
    atMs: Math.round(window.startMs + index * step),
    topicFamily: item.topicFamily,
    record: item.record,
  }));
  return [...valid, ...mixed].sort((a, b) => a.atMs - b.atMs);
}

/**
 * Publishes records when they are due, as upstream systems would: a send
 * that fails (the broker is away) is tried again, in order, until it goes
 * through, so an outage delays records and loses none.
 */
export async function publishOnSchedule(options: {
  producer: Producer;
  records: TimedRecord[];
  topicOf: (topicFamily: string) => string;
  onSendFailed: (error: unknown) => void;
}): Promise<void> {
  const { records, producer } = options;
  let next = 0;
  while (next < records.length) {
    const now = Date.now();
    const due = new Map<string, OutgoingRecord[]>();
    let end = next;
    while (end < records.length && records[end]!.atMs <= now && end - next < 2000) {
      const item = records[end++]!;
      const topic = options.topicOf(item.topicFamily);
      due.set(topic, [...(due.get(topic) ?? []), item.record]);
    }
    if (due.size === 0) {
      await sleep(Math.min(20, Math.max(1, records[next]!.atMs - now)));
      continue;
    }
    try {
      await producer.sendMany(due);
      next = end;
    } catch (error) {
      options.onSendFailed(error);
      await sleep(500);
    }
  }
}

export const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));
