import type { KafkaClient, OutgoingRecord } from '@slawatch/kafka';
import { uniqueName } from './isolation.js';
import { monitorTopics } from './monitor-topics.js';

/** Fresh topic names and group for one test's monitor, as environment variables. */
export function isolatedMonitorEnvironment(base: string, extra: Record<string, string> = {}) {
  const id = uniqueName(base);
  const { topics, env: named } = monitorTopics(id);
  const env = { ...named, KAFKA_PARTITIONS: '3', SHIPMENT_BUCKETS: '8', ...extra };
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
