import { afterAll, describe, expect, it } from 'vitest';
import { testKafka, uniqueName } from '../harness/isolation.js';

describe('the harness broker', () => {
  const kafka = testKafka();
  const admin = kafka.admin();
  const producer = kafka.producer();

  afterAll(async () => {
    await Promise.allSettled([admin.disconnect(), producer.disconnect()]);
  });

  it('produces and consumes records, committing offsets only after the batch handler resolves', async () => {
    const topic = uniqueName('roundtrip');
    await admin.connect();
    expect(await admin.ensureTopics([{ topic, partitions: 2 }])).toEqual([topic]);
    expect(await admin.ensureTopics([{ topic, partitions: 2 }])).toEqual([]);
    await producer.connect();
    const sent = Array.from({ length: 20 }, (_, i) => ({
      key: `WB${i % 5}`,
      value: JSON.stringify({ n: i }),
    }));
    await producer.send(topic, sent);

    const groupId = uniqueName('group');
    const consumer = kafka.consumer({ groupId, topics: [topic] });
    const received: Array<{ key: string; n: number; partition: number }> = [];
    const done = new Promise<void>((resolve) => {
      void consumer.start(async (batch) => {
        for (const r of batch.records) {
          received.push({ key: String(r.key), n: JSON.parse(String(r.value)).n, partition: r.partition });
        }
        if (received.length >= 20) resolve();
      });
    });
    await done;
    await consumer.stop();

    expect(received.map((r) => r.n).sort((a, b) => a - b)).toEqual(sent.map((_, i) => i));
    // One key, one partition: a waybill's events keep their order.
    for (const key of new Set(received.map((r) => r.key))) {
      expect(new Set(received.filter((r) => r.key === key).map((r) => r.partition)).size).toBe(1);
    }
    const lag = await admin.lag(groupId, [topic]);
    expect(lag.reduce((sum, p) => sum + p.lag, 0)).toBe(0);
  });
});
