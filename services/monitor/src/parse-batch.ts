import { type ParseOptions, parseRecord, type Rejection, type TopicFamily } from '@slawatch/contract';
import type { ConsumedRecord } from '@slawatch/kafka';
import type { ArrivedEvent } from './shipment-evaluation.js';

/** A record the contract refused, with why. */
export interface RefusedRecord extends Pick<Rejection, 'reason' | 'message'> {
  record: ConsumedRecord;
}

/**
 * Checks every record of one batch against the contract: the accepted ones
 * grouped by waybill (in offset order), the refused ones with their reason.
 * Pure: the batch processor counts, logs and dead-letters the refused.
 */
export function parseBatch(
  family: TopicFamily,
  records: ReadonlyArray<ConsumedRecord>,
  options: ParseOptions,
): { refused: RefusedRecord[]; byWaybill: Map<string, ArrivedEvent[]> } {
  const refused: RefusedRecord[] = [];
  const byWaybill = new Map<string, ArrivedEvent[]>();
  for (const record of records) {
    const result = parseRecord({ key: record.key, value: record.value, topicFamily: family }, options);
    if (!result.ok) {
      refused.push({ record, reason: result.reason, message: result.message });
      continue;
    }
    const arrived: ArrivedEvent = {
      event: result.event,
      timeMs: result.timeMs,
      arrivedMs: Number(record.timestamp),
      source: record,
    };
    const list = byWaybill.get(result.event.subject);
    if (list) list.push(arrived);
    else byWaybill.set(result.event.subject, [arrived]);
  }
  return { refused, byWaybill };
}
