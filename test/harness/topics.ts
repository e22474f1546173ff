import type { KafkaClient, OutgoingRecord } from '@slawatch/kafka';
import { uniqueName } from './isolation.js';

/** Fresh topic names and group for one test's monitor, as environment variables. */
export function isolatedMonitorEnvironment(base: string, extra: Record<string, string> = {}) {
  const id = uniqueName(base);
  const topics = {
    orders: `${id}.orders`,
    dispatch: `${id}.dispatch`,
    delivery: `${id}.delivery`,
    aftersales: `${id}.aftersales`,
    breaches: `${id}.breaches`,
    deadLetter: `${id}.dlq`,
  };
  const env = {
    TOPIC_ORDERS: topics.orders,
    TOPIC_DISPATCH: topics.dispatch,
    TOPIC_DELIVERY: topics.delivery,
    TOPIC_AFTERSALES: topics.aftersales,
    TOPIC_BREACHES: topics.breaches,
    TOPIC_DLQ: topics.deadLetter,
    KAFKA_CONSUMER_GROUP: `${id}-monitor`,
    KAFKA_PARTITIONS: '3',
    REDIS_KEY_PREFIX: `${id}:`,
    SHIPMENT_BUCKETS: '8',
    ...extra,
  };
  return { id, topics, env, prefix: `${id}:` };
}

/**
 * Reads a topic from the beginning until `until` says enough (or the time
 * limit passes), with a throwaway consumer group.
 */
export async function readTopic(
  kafka: KafkaClient,
  topic: string,
  until: (
    records: Array<{ key: string | null; value: Buffer; headers: Record<string, Buffer | undefined> }>,
  ) => boolean,
  timeoutMs = 30_000,
) {
  const consumer = kafka.consumer({ groupId: uniqueName('reader'), topics: [topic] });
  const records: Array<{ key: string | null; value: Buffer; headers: Record<string, Buffer | undefined> }> =
    [];
  let done: () => void = () => undefined;
  const finished = new Promise<void>((resolve) => {
    done = resolve;
  });
  const timer = setTimeout(done, timeoutMs);
  void consumer.start(async (batch) => {
    for (const r of batch.records) {
      records.push({
        key: r.key ? r.key.toString() : null,
        value: r.value ?? Buffer.alloc(0),
        headers: r.headers,
      });
    }
    if (until(records)) done();
  });
  await finished;
  clearTimeout(timer);
  await consumer.stop();
  return records;
}

export async function publish(kafka: KafkaClient, topic: string, records: OutgoingRecord[]): Promise<void> {
  const producer = kafka.producer();
  await producer.connect();
  try {
    await producer.send(topic, records);
  } finally {
    await producer.disconnect();
  }
}
