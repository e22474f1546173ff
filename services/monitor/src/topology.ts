import type { Topics } from '@slawatch/config';
import type { TopicFamily } from '@slawatch/contract';
import type { Admin } from '@slawatch/kafka';
import type { Logger } from '@slawatch/logger';
import { KAFKA_DEFAULT_MAX_MESSAGE_BYTES } from './dead-letter-writer.js';

export function inputTopics(topics: Topics): Record<TopicFamily, string> {
  return {
    orders: topics.orders,
    dispatch: topics.dispatch,
    delivery: topics.delivery,
    aftersales: topics.aftersales,
  };
}

/**
 * Creates missing topics and checks that the input topics are co-partitioned:
 * a waybill's events must land on the same partition number of every input
 * topic (same key, same partitioner, same partition count), or one waybill
 * would be evaluated by two owners. A mismatch stops start-up. Resolves to
 * the input topics' partition count, by which a key's partition is computed.
 */
export async function prepareTopics(
  admin: Admin,
  topics: Topics,
  partitions: number,
  replicationFactor: number,
): Promise<number> {
  const inputs = Object.values(inputTopics(topics));
  await admin.ensureTopics([
    ...[...inputs, topics.breaches].map((topic) => ({ topic, partitions, replicationFactor })),
    // Created able to hold whole copies of records up to Kafka's default limit (see checkMessageSizes).
    {
      topic: topics.deadLetter,
      partitions: 1,
      replicationFactor,
      config: { 'max.message.bytes': String(deadLetterBytesFor(KAFKA_DEFAULT_MAX_MESSAGE_BYTES)) },
    },
  ]);
  const counts = await admin.partitionCounts(inputs);
  const distinct = new Set(counts.values());
  if (distinct.size !== 1) {
    const listed = [...counts].map(([t, n]) => `${t}=${n}`).join(', ');
    throw new Error(
      `input topics must have the same partition count so one instance owns a waybill on all of them; found ${listed}`,
    );
  }
  return [...distinct][0]!;
}

/** Room in a dead letter beyond the base64 value: the key twice, headers, the message, the JSON around them. */
const DEAD_LETTER_ROOM_BYTES = 64 * 1024;

/** The `max.message.bytes` a dead-letter topic needs to hold whole copies of records up to `inputMaxBytes`. */
export function deadLetterBytesFor(inputMaxBytes: number): number {
  return Math.ceil((inputMaxBytes * 4) / 3) + DEAD_LETTER_ROOM_BYTES;
}

export interface MessageSizeCheck {
  admin: Admin;
  topics: Topics;
  /** For the command in the warning. */
  brokers: ReadonlyArray<string>;
  logger: Logger;
}

/**
 * Compares the input topics' `max.message.bytes` with the dead-letter
 * topic's and warns, with the command that fixes it, when a refused record
 * could be too large to copy whole. Nothing stalls either way (such a record
 * gets a reduced copy); the warning is about keeping originals for replay.
 * Returns the dead-letter topic's limit, for planning dead letters.
 */
export async function checkMessageSizes({
  admin,
  topics,
  brokers,
  logger,
}: MessageSizeCheck): Promise<number> {
  const inputs = Object.values(inputTopics(topics));
  let limits: Map<string, number>;
  try {
    limits = await admin.maxMessageBytes([...inputs, topics.deadLetter]);
  } catch (error) {
    logger.warn(
      { err: error, assumedMaxMessageBytes: KAFKA_DEFAULT_MAX_MESSAGE_BYTES },
      'cannot read the topics’ max.message.bytes (DescribeConfigs not allowed?): assuming the Kafka default for the dead-letter topic',
    );
    return KAFKA_DEFAULT_MAX_MESSAGE_BYTES;
  }
  const deadLetterLimit = limits.get(topics.deadLetter) ?? KAFKA_DEFAULT_MAX_MESSAGE_BYTES;
  const largestInput = Math.max(...inputs.map((t) => limits.get(t) ?? KAFKA_DEFAULT_MAX_MESSAGE_BYTES));
  const needed = deadLetterBytesFor(largestInput);
  if (deadLetterLimit < needed) {
    const command = `kafka-configs.sh --bootstrap-server ${brokers.join(',')} --alter --entity-type topics --entity-name ${topics.deadLetter} --add-config max.message.bytes=${needed}`;
    logger.warn(
      {
        deadLetterTopic: topics.deadLetter,
        deadLetterMaxMessageBytes: deadLetterLimit,
        largestInputMaxMessageBytes: largestInput,
        neededMaxMessageBytes: needed,
        command,
      },
      `the dead-letter topic cannot hold whole copies of the largest input records: those get reduced copies (no original bytes for replay). To fix: ${command}`,
    );
  }
  return deadLetterLimit;
}
