import {
  type DeadLetterInput,
  deadLetterRecord,
  REDUCED_KEY_BYTES,
  reducedDeadLetterRecord,
} from '@slawatch/contract';
import { isRecordTooLarge, type OutgoingRecord, type Producer } from '@slawatch/kafka';
import type { Logger } from '@slawatch/logger';

/** Kafka's default `max.message.bytes`, assumed when the topic's own cannot be read. */
export const KAFKA_DEFAULT_MAX_MESSAGE_BYTES = 1_048_588;

/*
 * `max.message.bytes` limits a whole record batch, and one send to the
 * single-partition dead-letter topic is one batch: the batch header is 61
 * bytes and each record adds at most about 40 bytes of lengths and deltas.
 * Rounded up, so that a planned batch is never refused for its framing.
 */
const BATCH_OVERHEAD_BYTES = 128;
const RECORD_OVERHEAD_BYTES = 64;

export interface PlannedDeadLetter {
  input: DeadLetterInput;
  record: OutgoingRecord;
  /** What the record takes in a record batch, framing included. */
  bytes: number;
  reduced: boolean;
}

function planned(input: DeadLetterInput, reduced: boolean): PlannedDeadLetter {
  const letter = reduced ? reducedDeadLetterRecord(input) : deadLetterRecord(input);
  const value = Buffer.from(JSON.stringify(letter));
  // A reduced copy must fit whatever the key was, so an oversized key is not its Kafka key either.
  const key = reduced && input.key !== null && input.key.length > REDUCED_KEY_BYTES ? null : input.key;
  const bytes = value.length + (key?.length ?? 0) + RECORD_OVERHEAD_BYTES;
  return { input, record: { key, value }, bytes, reduced };
}

/** The whole copy when it fits a batch of its own on the dead-letter topic, the reduced one otherwise. */
export function planDeadLetter(input: DeadLetterInput, maxMessageBytes: number): PlannedDeadLetter {
  const whole = planned(input, false);
  return whole.bytes + BATCH_OVERHEAD_BYTES <= maxMessageBytes ? whole : planned(input, true);
}

/** Splits dead letters, in order, into sends that each stay within the topic's batch limit. */
export function chunksWithin(
  letters: ReadonlyArray<PlannedDeadLetter>,
  maxMessageBytes: number,
): PlannedDeadLetter[][] {
  const chunks: PlannedDeadLetter[][] = [];
  let current: PlannedDeadLetter[] = [];
  let bytes = BATCH_OVERHEAD_BYTES;
  for (const letter of letters) {
    if (current.length > 0 && bytes + letter.bytes > maxMessageBytes) {
      chunks.push(current);
      current = [];
      bytes = BATCH_OVERHEAD_BYTES;
    }
    current.push(letter);
    bytes += letter.bytes;
  }
  if (current.length > 0) chunks.push(current);
  return chunks;
}

export interface DeadLetterWriterOptions {
  producer: Producer;
  topic: string;
  /** The dead-letter topic's `max.message.bytes`, as read at start-up. */
  maxMessageBytes: () => number;
  logger: Logger;
  /** Told of each reduced copy written, and each record whose copy not even reduced fitted, by input topic. */
  counters?: { reduced(topic: string): void; skipped(topic: string): void };
}

/**
 * Writes refused records to the dead-letter topic so that no record can stop
 * its partition: one that does not fit is written as a reduced copy (see
 * `reducedDeadLetterRecord`), planned up front from the topic's limit, and
 * again on the broker's refusal when the limit was lowered since start-up.
 * Only errors that are not about size (the broker unreachable) are thrown,
 * so the batch is retried rather than skipped.
 */
export class DeadLetterWriter {
  constructor(private readonly options: DeadLetterWriterOptions) {}

  async write(inputs: ReadonlyArray<DeadLetterInput>): Promise<void> {
    if (inputs.length === 0) return;
    const limit = this.options.maxMessageBytes();
    const letters = inputs.map((input) => planDeadLetter(input, limit));
    for (const letter of letters) if (letter.reduced) this.logReduced(letter.input, limit);
    for (const chunk of chunksWithin(letters, limit)) {
      try {
        await this.send(chunk.map((l) => l.record));
      } catch (error) {
        if (!isRecordTooLarge(error)) throw error;
        for (const letter of chunk) await this.sendAlone(letter);
      }
    }
  }

  private send(records: OutgoingRecord[]): Promise<void> {
    return this.options.producer.send(this.options.topic, records);
  }

  private async sendAlone(letter: PlannedDeadLetter): Promise<void> {
    try {
      await this.send([letter.record]);
      return;
    } catch (error) {
      if (!isRecordTooLarge(error)) throw error;
    }
    if (!letter.reduced) {
      this.logReduced(letter.input, undefined);
      try {
        await this.send([planned(letter.input, true).record]);
        return;
      } catch (error) {
        if (!isRecordTooLarge(error)) throw error;
      }
    }
    // Only a topic limit of a few kilobytes refuses a reduced copy; the record stays in its input topic.
    const { topic, partition, offset, reason } = letter.input;
    this.options.counters?.skipped(topic);
    this.options.logger.error(
      { deadLetterTopic: this.options.topic, topic, partition, offset: String(offset), reason },
      'dead-letter topic refused even the reduced copy: record skipped (it stays in its input topic); raise the topic’s max.message.bytes',
    );
  }

  private logReduced(input: DeadLetterInput, limit: number | undefined): void {
    const { topic, partition, offset, reason } = input;
    this.options.counters?.reduced(topic);
    this.options.logger.warn(
      {
        deadLetterTopic: this.options.topic,
        topic,
        partition,
        offset: String(offset),
        reason,
        valueBytes: input.value?.length ?? 0,
        ...(limit === undefined ? {} : { maxMessageBytes: limit }),
      },
      limit === undefined
        ? 'dead-letter topic refused the whole copy: writing a reduced one (see docs/operations.md, topic sizing)'
        : 'refused record too large for the dead-letter topic: writing a reduced copy (see docs/operations.md, topic sizing)',
    );
  }
}
