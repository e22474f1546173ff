import type { BatchConsumer, RecordBatch } from '@slawatch/kafka';
import { afterAll, describe, expect, it } from 'vitest';
import { testKafka, uniqueName } from '../harness/isolation.js';

/**
 * The batch consumer reads ahead (packages/kafka/src/partition-lanes.ts):
 * the next batch of a partition is fetched while one is in hand, and
 * handled only after it. On a real broker, with batches kept small so that
 * one partition gives many.
 */
describe('reading ahead', () => {
  const kafka = testKafka();
  const admin = kafka.admin();
  const producer = kafka.producer();
  const records = 300;

  afterAll(async () => {
    await Promise.allSettled([admin.disconnect(), producer.disconnect()]);
  });

  async function topicWithRecords(): Promise<string> {
    const topic = uniqueName('read-ahead');
    await admin.connect();
    await admin.ensureTopics([{ topic, partitions: 1 }]);
    await producer.connect();
    // About 1 KB each, sent in tens: the broker's record batches stay small, and so do the fetches below.
    for (let from = 0; from < records; from += 10) {
      const sent = Array.from({ length: 10 }, (_, i) => ({
        key: `WB${from + i}`,
        value: JSON.stringify({ n: from + i, padding: 'x'.repeat(1000) }),
      }));
      await producer.send(topic, sent);
    }
    return topic;
  }

  interface Handled {
    startOffset: string;
    nextOffset: string;
    first: number;
    ok: boolean;
  }

  /** Consumes the topic to its end; `during` may hold or fail a batch. Returns the batches in the order handled. */
  async function consume(
    topic: string,
    during: (batch: RecordBatch, index: number, consumer: BatchConsumer) => Promise<void>,
  ): Promise<{ handled: Handled[]; lag: number; queuedSeen: number }> {
    const groupId = uniqueName('group');
    const consumer = kafka.consumer({ groupId, topics: [topic], maxBytesPerPartition: 16_384 });
    const handled: Handled[] = [];
    let queuedSeen = 0;
    let inHand = 0;
    let overlapped = false;
    const done = new Promise<void>((resolve, reject) => {
      void consumer
        .start(async (batch) => {
          inHand++;
          try {
            // Recorded, not asserted here: a throw in the handler would only make the batch be retried.
            if (inHand > 1) overlapped = true;
            const first = Number(batch.records[0]!.offset);
            try {
              await during(batch, handled.length, consumer);
            } catch (error) {
              handled.push({
                startOffset: batch.startOffset,
                nextOffset: batch.nextOffset,
                first,
                ok: false,
              });
              throw error;
            }
            queuedSeen = Math.max(queuedSeen, consumer.queuedBatches());
            handled.push({ startOffset: batch.startOffset, nextOffset: batch.nextOffset, first, ok: true });
            if (Number(batch.nextOffset) >= records) resolve();
          } finally {
            inHand--;
          }
        })
        .catch(reject);
    });
    let timer: NodeJS.Timeout | undefined;
    const lost = new Promise<never>((_, reject) => {
      timer = setTimeout(
        () => reject(new Error(`the end was never handled; handled: ${JSON.stringify(handled)}`)),
        30_000,
      );
    });
    try {
      await Promise.race([done, lost]);
    } finally {
      clearTimeout(timer);
      await consumer.stop();
    }
    const lag = (await admin.lag(groupId, [topic])).reduce((sum, p) => sum + p.lag, 0);
    expect(overlapped).toBe(false);
    return { handled, lag, queuedSeen };
  }

  /** Each batch handled without failure starts where the one before it ended: no gap, nothing twice, in order. */
  function expectContiguous(handled: Handled[]): void {
    const ok = handled.filter((h) => h.ok);
    expect(ok[0]!.startOffset).toBe('0');
    for (let i = 1; i < ok.length; i++) expect(ok[i]!.startOffset).toBe(ok[i - 1]!.nextOffset);
    expect(ok[ok.length - 1]!.nextOffset).toBe(String(records));
  }

  it("fetches a partition's next batch while one is in hand, and hands it over only after that one, in order", async () => {
    const topic = await topicWithRecords();
    const { handled, lag, queuedSeen } = await consume(topic, async (_batch, index, consumer) => {
      if (index !== 0) return;
      // Held until the next batch has been fetched and waits behind it: without reading ahead, it never would.
      while (consumer.queuedBatches() === 0) await new Promise((resolve) => setTimeout(resolve, 20));
    });
    expect(handled.length).toBeGreaterThan(3);
    expect(queuedSeen).toBeGreaterThanOrEqual(1);
    expectContiguous(handled);
    expect(handled.every((h) => h.ok)).toBe(true);
    expect(lag).toBe(0);
  }, 60_000);

  it('a failed batch is handled again before any batch after it, and the offsets committed end at the end', async () => {
    const topic = await topicWithRecords();
    let failed = false;
    const { handled, lag } = await consume(topic, async (batch, index) => {
      // The third batch fails once, most often with the fourth already fetched behind it.
      if (index === 2 && !failed) {
        failed = true;
        throw new Error(`store unreachable at offset ${batch.startOffset}`);
      }
    });
    const failure = handled.findIndex((h) => !h.ok);
    expect(failure).toBe(2);
    // The very next batch handled is the failed one again, not the one fetched after it.
    expect(handled[failure + 1]!.startOffset).toBe(handled[failure]!.startOffset);
    expectContiguous(handled);
    expect(lag).toBe(0);
  }, 60_000);

  it('a failed last batch, with nothing fetched behind it, is handled again', async () => {
    const topic = await topicWithRecords();
    let failed = false;
    const { handled, lag } = await consume(topic, async (batch) => {
      if (Number(batch.nextOffset) >= records && !failed) {
        failed = true;
        throw new Error(`store unreachable at offset ${batch.startOffset}`);
      }
    });
    const failure = handled.findIndex((h) => !h.ok);
    expect(handled[failure]!.nextOffset).toBe(String(records));
    expect(handled[failure + 1]!.startOffset).toBe(handled[failure]!.startOffset);
    expectContiguous(handled);
    expect(lag).toBe(0);
  }, 60_000);
});
