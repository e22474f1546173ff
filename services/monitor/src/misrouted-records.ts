import { type ConsumedRecord, type OutgoingRecord, partitionOfKey } from '@slawatch/kafka';

/** Header on a moved record: the partition it was first published to, so its path can be traced. */
export const MISROUTED_FROM_HEADER = 'slawatch-misrouted-from';

export interface RoutedRecords {
  /** Records this partition owns: evaluated here. */
  owned: ConsumedRecord[];
  /** Records of waybills another partition owns, as they are re-published there. */
  moved: OutgoingRecord[];
  /** Publishing system of each moved record (`oms`, `outlet`, `hub`, …), for the metric. */
  movedSources: string[];
}

const SOURCE_KIND = /^[a-z][a-z0-9_-]{0,31}$/;

/**
 * The kind of publisher named by the record's CloudEvent `source` (`outlet/310101`
 * → `outlet`): enough to tell the publishing team, bounded for a metric label.
 */
function sourceKindOf(value: Buffer | null): string {
  if (value === null) return 'unknown';
  try {
    const source = (JSON.parse(value.toString('utf8')) as { source?: unknown } | null)?.source;
    if (typeof source !== 'string') return 'unknown';
    const kind = source.split('/')[0]!.toLowerCase();
    return SOURCE_KIND.test(kind) ? kind : 'other';
  } catch {
    return 'unknown';
  }
}

/**
 * Splits a batch into the records this partition owns and those a publisher
 * put on the wrong partition (a librdkafka client's CRC32 default, say). One
 * waybill must have one owner, so a misrouted record is not judged here: it
 * is re-published, bytes unchanged, to the partition the Java client and
 * kafkajs would choose for its key. A record without a key stays (the
 * contract check refuses it). Pure: the caller publishes and counts.
 */
export function routeRecords(records: ConsumedRecord[], partitions: number): RoutedRecords {
  const routed: RoutedRecords = { owned: [], moved: [], movedSources: [] };
  for (const record of records) {
    if (record.key === null || record.key.length === 0) {
      routed.owned.push(record);
      continue;
    }
    const partition = partitionOfKey(record.key, partitions);
    if (partition === record.partition) {
      routed.owned.push(record);
      continue;
    }
    const headers: Record<string, Buffer> = {};
    for (const [name, value] of Object.entries(record.headers))
      if (value !== undefined) headers[name] = value;
    headers[MISROUTED_FROM_HEADER] = Buffer.from(String(record.partition));
    routed.moved.push({ key: record.key, value: record.value ?? Buffer.alloc(0), headers, partition });
    routed.movedSources.push(sourceKindOf(record.value));
  }
  return routed;
}
