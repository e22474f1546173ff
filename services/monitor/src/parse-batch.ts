import { type ParseOptions, parseRecord, type Rejection, type TopicFamily } from '@slawatch/contract';
import { NONE } from '@slawatch/evaluation';
import type { ConsumedRecord } from '@slawatch/kafka';
import type { ArrivedEvent } from './shipment-evaluation.js';

/** A record the contract refused, with why. */
export interface RefusedRecord extends Pick<Rejection, 'reason' | 'message'> {
  record: ConsumedRecord;
}

/** A batch's records by the waybill their key names, in offset order, and those with no key to group by. */
export interface GroupedRecords {
  byWaybill: Map<string, ConsumedRecord[]>;
  keyless: ConsumedRecord[];
}

/**
 * Groups a batch's records by their key (the waybill), before any is
 * parsed: the shipments can be loaded at once, and each waybill's records
 * parsed just before its evaluation, so that the parsed events die young
 * instead of living through the load (the young-generation collector copies
 * what lives, and a batch's parsed events were a quarter of what it copied).
 * The contract requires the subject to equal the key, so the group is the
 * subject's for every record it accepts; a key that is not UTF-8 groups
 * under its lossy decoding and is refused when parsed.
 */
export function groupByWaybill(records: ReadonlyArray<ConsumedRecord>): GroupedRecords {
  const byWaybill = new Map<string, ConsumedRecord[]>();
  const keyless: ConsumedRecord[] = [];
  for (const record of records) {
    if (record.key === null || record.key.length === 0) {
      keyless.push(record);
      continue;
    }
    const waybill = record.key.toString('utf8');
    const list = byWaybill.get(waybill);
    if (list) list.push(record);
    else byWaybill.set(waybill, [record]);
  }
  return { byWaybill, keyless };
}

/**
 * Checks records against the contract: the accepted as arrived events (in
 * the records' order), the refused with their reason. Pure: the batch
 * processor counts, logs and dead-letters the refused.
 */
export function parseRecords(
  family: TopicFamily,
  records: ReadonlyArray<ConsumedRecord>,
  options: ParseOptions,
): { arrived: ArrivedEvent[]; refused: ReadonlyArray<RefusedRecord> } {
  const arrived: ArrivedEvent[] = [];
  let refused: RefusedRecord[] | undefined;
  for (const record of records) {
    const result = parseRecord({ key: record.key, value: record.value, topicFamily: family }, options);
    if (!result.ok) {
      refused ??= [];
      refused.push({ record, reason: result.reason, message: result.message });
      continue;
    }
    arrived.push({
      event: result.event,
      timeMs: result.timeMs,
      arrivedMs: Number(record.timestamp),
      source: record,
    });
  }
  return { arrived, refused: refused ?? NONE };
}
