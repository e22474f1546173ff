import { type Producer as ClientProducer, CompressionTypes, type Kafka, Partitioners } from 'kafkajs';
import type { OutgoingRecord } from './types.js';

const TOO_LARGE = new Set(['MESSAGE_TOO_LARGE', 'RECORD_LIST_TOO_LARGE']);

/**
 * Whether a send failed because the broker refused the records' size
 * (`max.message.bytes` of the topic, or the broker's). Not retriable: the
 * same records fail again, so the caller must send less.
 */
export function isRecordTooLarge(error: unknown): boolean {
  // The client wraps the broker's error (in `cause`) when it gives up retrying.
  for (let current = error, depth = 0; current && depth < 5; depth++) {
    if (TOO_LARGE.has((current as { type?: string }).type ?? '')) return true;
    current = (current as { cause?: unknown }).cause;
  }
  return false;
}

/**
 * Sends records and resolves only once every in-sync replica has them
 * (acks = all): callers commit their input offsets after this resolves.
 */
export class Producer {
  private readonly producer: ClientProducer;

  constructor(kafka: Kafka) {
    // The Java-compatible partitioner: upstream producers written in Java or
    // Go with murmur2 place a waybill in the same partition as we do.
    this.producer = kafka.producer({
      createPartitioner: Partitioners.DefaultPartitioner,
      allowAutoTopicCreation: false,
    });
  }

  connect(): Promise<void> {
    return this.producer.connect();
  }

  async send(topic: string, records: OutgoingRecord[]): Promise<void> {
    if (records.length === 0) return;
    await this.producer.send({ topic, acks: -1, compression: CompressionTypes.None, messages: records });
  }

  /** One request for several topics: the DLQ and breach writes of one batch go together. */
  async sendMany(byTopic: Map<string, OutgoingRecord[]>): Promise<void> {
    const topicMessages = [...byTopic]
      .filter(([, r]) => r.length > 0)
      .map(([topic, messages]) => ({ topic, messages }));
    if (topicMessages.length === 0) return;
    await this.producer.sendBatch({ acks: -1, topicMessages });
  }

  disconnect(): Promise<void> {
    return this.producer.disconnect();
  }
}
