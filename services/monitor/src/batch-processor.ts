import type { EventTimeChecks } from '@slawatch/config';
import type { DeadLetterInput, TopicFamily } from '@slawatch/contract';
import { type ConsumedRecord, type OutgoingRecord, ReadAgainFrom, type RecordBatch } from '@slawatch/kafka';
import type { Logger } from '@slawatch/logger';
import type { ShipmentCommitter } from './commit-shipments.js';
import type { DeadLetterWriter } from './dead-letter-writer.js';
import type { EvidenceWatermark } from './evidence-watermark.js';
import type { MonitorMetrics } from './metrics.js';
import { routeRecords } from './misrouted-records.js';
import { groupByWaybill, parseRecords, type RefusedRecord } from './parse-batch.js';
import type { PartitionLock } from './partition-lock.js';
import type { RefusedEvent, ShipmentEvaluation } from './shipment-evaluation.js';

export interface BatchProcessorOptions {
  evaluation: ShipmentEvaluation;
  committer: ShipmentCommitter;
  deadLetters: DeadLetterWriter;
  lock: PartitionLock;
  metrics: MonitorMetrics;
  logger: Logger;
  familyOfTopic: Map<string, TopicFamily>;
  maxBytes: number;
  /** Clock checks of every event: future skew, and how old or far off a fact may plausibly be. */
  timeChecks: EventTimeChecks;
  /** The input topics' partition count (equal on all of them), known once start-up checked it. */
  inputPartitions: () => number;
  /** Publishes records of waybills this partition does not own to their own partition. */
  republish: (topic: string, records: OutgoingRecord[]) => Promise<void>;
  /** Told how far each partition's input has been read once a batch's effects are durable. */
  watermark: EvidenceWatermark;
  /** Told when a batch left its topic-partition caught up: deadlines held for it may be due now. */
  onCaughtUp?: (partition: number) => void;
}

/**
 * One batch of one input partition: parse every record against the
 * contract, send the refused ones to the dead-letter topic, evaluate the
 * accepted ones per waybill (in offset order) and commit the new states
 * with the breach changes they caused and the batch's position in its
 * partition. It resolves only when all of that is durable; only then does
 * the consumer commit the batch's offsets. A store that lost writes makes
 * it throw `ReadAgainFrom` (nothing applied; the consumer reads again).
 */
export class BatchProcessor {
  /** Topic-partitions whose last batch left records unread. */
  private readonly lagging = new Set<string>();

  constructor(private readonly options: BatchProcessorOptions) {}

  async process(batch: RecordBatch): Promise<void> {
    const started = performance.now();
    const receivedMs = Date.now();
    const { evaluation, committer, lock } = this.options;
    const owned = await this.moveMisrouted(batch);
    const { byWaybill, keyless } = groupByWaybill(owned);
    const parse = this.parserFor(batch.topic, receivedMs);
    // A refused record is committed past only once the dead-letter topic has it (whole or reduced).
    await this.writeRefused(parse(keyless).refused, receivedMs);
    // Parsed per waybill as it is evaluated (see groupByWaybill); what the contract refuses there is
    // dead-lettered before the commit, once, however often a conflict has the batch evaluated again.
    const refusedByWaybill = new Map<string, ReadonlyArray<RefusedRecord>>();
    const deadLettered = new Set<string>();
    // Even a batch with nothing to evaluate records its position: the stored offset must follow the input.
    try {
      await lock.run(batch.partition, () =>
        committer.commit({
          partition: batch.partition,
          topic: batch.topic,
          waybills: [...byWaybill.keys()],
          evaluate: (waybill, stored, clock) => {
            const { arrived, refused } = parse(byWaybill.get(waybill)!);
            if (refused.length > 0) refusedByWaybill.set(waybill, refused);
            return arrived.length === 0 ? undefined : evaluation.applyEvents(stored, arrived, clock);
          },
          position: { topic: batch.topic, startOffset: batch.startOffset, nextOffset: batch.nextOffset },
          beforeCommit: async (totals) => {
            const refused: RefusedRecord[] = [];
            for (const [waybill, records] of refusedByWaybill) {
              if (deadLettered.has(waybill)) continue;
              deadLettered.add(waybill);
              refused.push(...records);
            }
            await this.writeRefused(refused, receivedMs);
            await this.refuseInState(totals.refused, receivedMs);
          },
        }),
      );
    } catch (error) {
      // Its deadlines wait until the lost part has been read again.
      if (error instanceof ReadAgainFrom) this.options.watermark.forget(batch.partition, Date.now());
      throw error;
    }
    const nowMs = Date.now();
    const { watermark } = this.options;
    watermark.read(batch.topic, batch.partition, latestTimestamp(batch.records), nowMs);
    // Nothing was left after this batch when it was fetched: caught up as of the fetch, which may
    // be long before this handler got it (a batch waits in the client's queue while handlers are held up).
    const key = `${batch.topic}/${batch.partition}`;
    if (BigInt(batch.nextOffset) >= BigInt(batch.highWatermark)) {
      watermark.caughtUp(batch.topic, batch.partition, batch.fetchedAtMs, nowMs);
      // Only when a backlog ends: a calm stream is caught up after every batch, and polls on its interval.
      if (this.lagging.delete(key)) this.options.onCaughtUp?.(batch.partition);
    } else this.lagging.add(key);
    this.options.metrics.batchSeconds.observe((performance.now() - started) / 1000);
  }

  /**
   * One waybill, one owner, whoever publishes: records a publisher put on
   * another partition than the Java-compatible partition of their key are
   * re-published there (before this batch's offsets are committed, so a crash
   * moves them again and their owner sees a duplicate) and not judged here.
   */
  private async moveMisrouted(batch: RecordBatch): Promise<ConsumedRecord[]> {
    const { inputPartitions, republish, metrics, logger } = this.options;
    const { owned, moved, movedSources } = routeRecords(batch.records, inputPartitions());
    if (moved.length === 0) return owned;
    await republish(batch.topic, moved);
    for (const source of movedSources) metrics.misroutedRecords.inc({ topic: batch.topic, source });
    logger.warn(
      {
        topic: batch.topic,
        partition: batch.partition,
        moved: moved.length,
        sources: [...new Set(movedSources)],
      },
      "records on another partition than their waybill's moved to it: set the publisher's partitioner to murmur2",
    );
    return owned;
  }

  /** Dead letters for the events the shipments' states refused (order-bound.ts), written before the commit. */
  private async refuseInState(refused: ReadonlyArray<RefusedEvent>, rejectedAt: number): Promise<void> {
    const letters: DeadLetterInput[] = [];
    for (const { arrived, reason, message } of refused) {
      const record = arrived.source;
      if (!record) continue;
      this.options.metrics.rejected(record.topic, reason);
      letters.push(deadLetterOf(record, { reason, message, rejectedAt }));
    }
    if (letters.length > 0) await this.options.deadLetters.write(letters);
  }

  /** The contract's check of a topic's records, with one clock for the whole batch. */
  private parserFor(topic: string, nowMs: number) {
    const { familyOfTopic, maxBytes, timeChecks } = this.options;
    const family = familyOfTopic.get(topic);
    if (!family) throw new Error(`not an input topic: ${topic}`);
    const options = { maxBytes, ...timeChecks, now: nowMs };
    return (records: ReadonlyArray<ConsumedRecord>) => parseRecords(family, records, options);
  }

  /** Counts, logs and dead-letters records the contract refused. */
  private async writeRefused(refused: ReadonlyArray<RefusedRecord>, rejectedAt: number): Promise<void> {
    if (refused.length === 0) return;
    const { deadLetters, metrics, logger } = this.options;
    const letters = refused.map(({ record, reason, message }): DeadLetterInput => {
      metrics.rejected(record.topic, reason);
      // Where and why only: the value may hold personal data; the dead letter has the message.
      logger.debug(
        { reason, topic: record.topic, partition: record.partition, offset: record.offset },
        'record refused',
      );
      return deadLetterOf(record, { reason, message, rejectedAt });
    });
    await deadLetters.write(letters);
  }
}

/** A refused record's dead letter: where it was read, its original bytes, and why. */
function deadLetterOf(
  record: ConsumedRecord,
  why: Pick<DeadLetterInput, 'reason' | 'message' | 'rejectedAt'>,
): DeadLetterInput {
  const { topic, partition, offset, key, value, headers } = record;
  return { ...why, topic, partition, offset, key, value, headers };
}

/** The latest Kafka timestamp of the batch's records (they are in offset order, not always in time order). */
function latestTimestamp(records: ConsumedRecord[]): number {
  let latest = Number.NEGATIVE_INFINITY;
  for (const record of records) latest = Math.max(latest, Number(record.timestamp));
  return latest;
}
