import { afterAll, describe, expect, it } from 'vitest';
import { testRedis, uniqueName } from '../../../test/harness/isolation.js';
import { decodeStored, encodeStored, ShipmentStore } from '../src/index.js';

const state = (text: string) => Buffer.from(text);

describe('ShipmentStore on a real Redis', () => {
  const redis = testRedis();
  afterAll(() => redis.quit());
  const newStore = (buckets = 16) => new ShipmentStore(redis, { prefix: `${uniqueName('store')}:`, buckets });

  it('commits states and outbox entries together and reads them back', async () => {
    const store = newStore();
    const first = await store.commit(
      3,
      [
        { waybill: 'SW1', expected: undefined, next: { nextDueMs: 1_000, state: state('a') } },
        { waybill: 'SW2', expected: undefined, next: { nextDueMs: 0, state: state('b') } },
      ],
      ['{"breachId":"SW1:x"}'],
    );
    expect(first.conflicts).toEqual([]);
    const loaded = await store.load(3, ['SW1', 'SW2', 'SW3']);
    expect(decodeStored(loaded.get('SW1')!)).toEqual({ nextDueMs: 1_000, state: state('a') });
    expect(decodeStored(loaded.get('SW2')!).state.toString()).toBe('b');
    expect(loaded.get('SW3')).toBeUndefined();
    expect((await store.readOutbox(3, 10)).map((e) => e.payload)).toEqual(['{"breachId":"SW1:x"}']);
  });

  it('writes nothing when another writer changed a shipment since it was read', async () => {
    const store = newStore();
    await store.commit(
      0,
      [{ waybill: 'SW1', expected: undefined, next: { nextDueMs: 0, state: state('v1') } }],
      [],
    );
    const read = (await store.load(0, ['SW1'])).get('SW1');
    await store.commit(
      0,
      [{ waybill: 'SW1', expected: read, next: { nextDueMs: 0, state: state('v2') } }],
      [],
    );
    // A second writer still holding v1 loses, and its outbox entry is not written either.
    const stale = await store.commit(
      0,
      [
        { waybill: 'SW1', expected: read, next: { nextDueMs: 0, state: state('v3') } },
        { waybill: 'SW9', expected: undefined, next: { nextDueMs: 0, state: state('x') } },
      ],
      ['breach'],
    );
    expect(stale.conflicts).toEqual(['SW1']);
    const after = await store.load(0, ['SW1', 'SW9']);
    expect(decodeStored(after.get('SW1')!).state.toString()).toBe('v2');
    expect(after.get('SW9')).toBeUndefined();
    expect(await store.readOutbox(0, 10)).toEqual([]);
  });

  it('claims due buckets once per lease and re-indexes them by their earliest deadline', async () => {
    const store = newStore(1);
    await store.commit(
      1,
      [
        { waybill: 'A', expected: undefined, next: { nextDueMs: 5_000, state: state('a') } },
        { waybill: 'B', expected: undefined, next: { nextDueMs: 9_000, state: state('b') } },
      ],
      [],
    );
    expect(await store.claimDue(1, 4_999, 1_000, 10)).toEqual([]);
    const claimed = await store.claimDue(1, 5_000, 1_000, 10);
    expect(claimed).toHaveLength(1);
    // Only the due shipment is read, not the whole bucket.
    expect([...claimed[0]!.shipments.keys()]).toEqual(['A']);
    // Leased: a second poller gets nothing until the lease ends.
    expect(await store.claimDue(1, 5_500, 1_000, 10)).toEqual([]);
    expect(await store.claimDue(1, 6_000, 1_000, 10)).toHaveLength(1);

    // A handled: its deadline cleared. Settle moves the bucket to B's deadline.
    const a = claimed[0]!.shipments.get('A')!;
    await store.commit(1, [{ waybill: 'A', expected: a, next: { nextDueMs: 0, state: state('a2') } }], []);
    await store.settle(1, [0]);
    expect(await store.dueSummary(1)).toEqual({ buckets: 1, earliestMs: 9_000 });
    // A commit with an earlier deadline moves the bucket earlier.
    const b = (await store.load(1, ['B'])).get('B');
    await store.commit(
      1,
      [{ waybill: 'B', expected: b, next: { nextDueMs: 7_000, state: state('b2') } }],
      [],
    );
    expect((await store.dueSummary(1)).earliestMs).toBe(7_000);
    // Nothing pending any more: the bucket leaves the index.
    const b2 = (await store.load(1, ['B'])).get('B');
    await store.commit(1, [{ waybill: 'B', expected: b2, next: undefined }], []);
    await store.settle(1, [0]);
    expect(await store.dueSummary(1)).toEqual({ buckets: 0, earliestMs: undefined });
  });

  it('keeps binary state bytes intact', async () => {
    const store = newStore();
    const bytes = Buffer.from([0, 255, 10, 13, 0x80, 0xfe, 0]);
    await store.commit(
      2,
      [{ waybill: 'BIN', expected: undefined, next: { nextDueMs: 2 ** 40, state: bytes } }],
      [],
    );
    const loaded = decodeStored((await store.load(2, ['BIN'])).get('BIN')!);
    expect(loaded.state.equals(bytes)).toBe(true);
    expect(loaded.nextDueMs).toBe(2 ** 40);
    expect(encodeStored(loaded).length).toBe(6 + bytes.length);
  });
});
