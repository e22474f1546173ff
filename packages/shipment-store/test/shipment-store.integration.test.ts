import { afterAll, describe, expect, it } from 'vitest';
import { testRedis, uniqueName } from '../../../test/harness/isolation.js';
import { decodeStored, encodeStored, ShipmentStore } from '../src/index.js';

const state = (text: string) => Buffer.from(text);
/** A stored value as the monitor encodes it: next due time, then the state bytes. */
const stored = (nextDueMs: number, text: string) => encodeStored({ nextDueMs, state: state(text) });

describe('ShipmentStore on a real Redis', () => {
  const redis = testRedis();
  afterAll(() => redis.quit());
  const newStore = (buckets = 16) => new ShipmentStore(redis, { prefix: `${uniqueName('store')}:`, buckets });

  it('commits states and outbox entries together and reads them back', async () => {
    const store = newStore();
    const first = await store.commit(
      3,
      [
        { waybill: 'SW1', expected: undefined, next: stored(1_000, 'a') },
        { waybill: 'SW2', expected: undefined, next: stored(0, 'b') },
      ],
      [{ key: 'SW1', value: '{"breachId":"SW1:x"}' }],
    );
    expect(first.conflicts).toEqual([]);
    const loaded = await store.load(3, ['SW1', 'SW2', 'SW3']);
    expect(decodeStored(loaded.get('SW1')!)).toEqual({ nextDueMs: 1_000, state: state('a') });
    expect(decodeStored(loaded.get('SW2')!).state.toString()).toBe('b');
    expect(loaded.get('SW3')).toBeUndefined();
    expect((await store.readOutbox(3, 10)).map(({ key, value }) => ({ key, value }))).toEqual([
      { key: 'SW1', value: '{"breachId":"SW1:x"}' },
    ]);
  });

  it('writes nothing when another writer changed a shipment since it was read', async () => {
    const store = newStore();
    await store.commit(0, [{ waybill: 'SW1', expected: undefined, next: stored(0, 'v1') }], []);
    const read = (await store.load(0, ['SW1'])).get('SW1');
    await store.commit(0, [{ waybill: 'SW1', expected: read, next: stored(0, 'v2') }], []);
    // A second writer still holding v1 loses, and its outbox entry is not written either.
    const stale = await store.commit(
      0,
      [
        { waybill: 'SW1', expected: read, next: stored(0, 'v3') },
        { waybill: 'SW9', expected: undefined, next: stored(0, 'x') },
      ],
      [{ key: 'SW9', value: 'breach' }],
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
        { waybill: 'A', expected: undefined, next: stored(5_000, 'a') },
        { waybill: 'B', expected: undefined, next: stored(9_000, 'b') },
      ],
      [],
    );
    expect(await store.claimDue(1, { dueByMs: 4_999, leaseUntilMs: 4_999 + 1_000, limit: 10 })).toEqual([]);
    const claimed = await store.claimDue(1, { dueByMs: 5_000, leaseUntilMs: 5_000 + 1_000, limit: 10 });
    expect(claimed).toHaveLength(1);
    // Only the due shipment is read, not the whole bucket.
    expect([...claimed[0]!.shipments.keys()]).toEqual(['A']);
    // Leased: a second poller gets nothing until the lease ends.
    expect(await store.claimDue(1, { dueByMs: 5_500, leaseUntilMs: 5_500 + 1_000, limit: 10 })).toEqual([]);
    expect(await store.claimDue(1, { dueByMs: 6_000, leaseUntilMs: 6_000 + 1_000, limit: 10 })).toHaveLength(
      1,
    );

    // A handled: its deadline cleared. Settle moves the bucket to B's deadline.
    const a = claimed[0]!.shipments.get('A')!;
    await store.commit(1, [{ waybill: 'A', expected: a, next: stored(0, 'a2') }], []);
    await store.settle(1, [0]);
    expect(await store.dueSummary(1)).toEqual({ buckets: 1, earliestMs: 9_000, heldBuckets: 0 });
    // A commit with an earlier deadline moves the bucket earlier.
    const b = (await store.load(1, ['B'])).get('B');
    await store.commit(1, [{ waybill: 'B', expected: b, next: stored(7_000, 'b2') }], []);
    expect((await store.dueSummary(1)).earliestMs).toBe(7_000);
    // Nothing pending any more: the bucket leaves the index.
    const b2 = (await store.load(1, ['B'])).get('B');
    await store.commit(1, [{ waybill: 'B', expected: b2, next: undefined }], []);
    await store.settle(1, [0]);
    expect(await store.dueSummary(1)).toEqual({ buckets: 0, earliestMs: undefined, heldBuckets: 0 });
  });

  it('moves a bucket only for a deadline earlier than the one stored before, or a first one', async () => {
    const store = newStore(1);
    await store.commit(2, [{ waybill: 'A', expected: undefined, next: stored(5_000, 'a') }], []);
    expect((await store.dueSummary(2)).earliestMs).toBe(5_000);
    // Later than before: the bucket is already at or before it (no index write).
    const a = (await store.load(2, ['A'])).get('A');
    await store.commit(2, [{ waybill: 'A', expected: a, next: stored(8_000, 'a2') }], []);
    expect((await store.dueSummary(2)).earliestMs).toBe(5_000);
    // The poller that finds nothing due at 5 s settles the bucket at 8 s, where it now belongs.
    const claimed = await store.claimDue(2, { dueByMs: 5_000, leaseUntilMs: 6_000, limit: 10 });
    expect(claimed[0]!.shipments.size).toBe(0);
    await store.settle(2, [0]);
    expect((await store.dueSummary(2)).earliestMs).toBe(8_000);
    // During a lease, a later deadline leaves the lease alone; an earlier one moves the bucket to it.
    await store.claimDue(2, { dueByMs: 8_000, leaseUntilMs: 60_000, limit: 10 });
    const a2 = (await store.load(2, ['A'])).get('A');
    await store.commit(2, [{ waybill: 'A', expected: a2, next: stored(9_000, 'a3') }], []);
    expect((await store.dueSummary(2)).earliestMs).toBe(60_000);
    const a3 = (await store.load(2, ['A'])).get('A');
    await store.commit(2, [{ waybill: 'A', expected: a3, next: stored(3_000, 'a4') }], []);
    expect((await store.dueSummary(2)).earliestMs).toBe(3_000);
    // A deadline after none: the bucket, gone from the index, comes back.
    const a4 = (await store.load(2, ['A'])).get('A');
    await store.commit(2, [{ waybill: 'A', expected: a4, next: stored(0, 'a5') }], []);
    await store.settle(2, [0]);
    expect((await store.dueSummary(2)).buckets).toBe(0);
    const a5 = (await store.load(2, ['A'])).get('A');
    await store.commit(2, [{ waybill: 'A', expected: a5, next: stored(4_000, 'a6') }], []);
    expect((await store.dueSummary(2)).earliestMs).toBe(4_000);
  });

  it('keeps binary state bytes intact', async () => {
    const store = newStore();
    const bytes = Buffer.from([0, 255, 10, 13, 0x80, 0xfe, 0]);
    await store.commit(
      2,
      [{ waybill: 'BIN', expected: undefined, next: encodeStored({ nextDueMs: 2 ** 40, state: bytes }) }],
      [],
    );
    const loaded = decodeStored((await store.load(2, ['BIN'])).get('BIN')!);
    expect(loaded.state.equals(bytes)).toBe(true);
    expect(loaded.nextDueMs).toBe(2 ** 40);
    expect(encodeStored(loaded).length).toBe(6 + bytes.length);
  });

  it('stores each outbox entry with its key, its value where an older relay reads it', async () => {
    const store = newStore();
    await store.commit(
      4,
      [],
      [
        { key: 'SW1', value: '{"waybill":"SW1"}' },
        { key: null, value: 'no key' },
      ],
    );
    const entries = await store.readOutbox(4, 10);
    expect(entries.map(({ key, value }) => ({ key, value }))).toEqual([
      { key: 'SW1', value: '{"waybill":"SW1"}' },
      { key: null, value: 'no key' },
    ]);
    // A relay of the version before keys read the second field as the value.
    const raw = await redis.xrange(store.keys.outbox(4), '-', '+');
    expect(raw.map(([, fields]) => fields[1])).toEqual(['{"waybill":"SW1"}', 'no key']);
    await store.removeFromOutbox(4, [entries[0]!.id]);
    expect((await store.readOutbox(4, 10)).map((e) => e.value)).toEqual(['no key']);
  });

  it('reads outbox entries written before keys were stored, keyed by their waybill', async () => {
    const store = newStore();
    const change = JSON.stringify({ breachId: 'SW7:pickup_on_time:breach:1', waybill: 'SW7' });
    await redis.xadd(store.keys.outbox(5), '*', 'c', change);
    await store.commit(5, [], [{ key: 'SW8', value: '{"waybill":"SW8"}' }]);
    expect((await store.readOutbox(5, 10)).map(({ key, value }) => ({ key, value }))).toEqual([
      { key: 'SW7', value: change },
      { key: 'SW8', value: '{"waybill":"SW8"}' },
    ]);
  });
});
