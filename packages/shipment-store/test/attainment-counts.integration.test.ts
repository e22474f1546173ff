import { afterAll, describe, expect, it } from 'vitest';
import { testRedis, uniqueName } from '../../../test/harness/isolation.js';
import { AttainmentCounts, attainmentField, encodeStored, ShipmentStore } from '../src/index.js';

const stored = (text: string) => encodeStored({ nextDueMs: 0, state: Buffer.from(text) });
const cell = { standard: 'pickup_on_time', segment: 'sme', product: 'standard', route: 'same_city' };
const day = (increments: Array<[string, number]>) => ({
  day: '2026-11-02',
  expireAtSeconds: Math.floor(Date.now() / 1000) + 3_600,
  increments: new Map(increments.map(([quantity, n]) => [attainmentField(cell, quantity), n])),
});

describe('attainment counts in the commit script', () => {
  const redis = testRedis();
  afterAll(() => redis.quit());
  const prefix = `${uniqueName('attainment')}:`;
  const store = new ShipmentStore(redis, { prefix, buckets: 4 });
  const counts = new AttainmentCounts(redis, { prefix });
  const read = async () => (await counts.read({ partitions: 3, days: ['2026-11-02'] }))[0]?.counts;

  it('adds counts with the states, refuses them with a refused write or a batch already stored, and sums partitions', async () => {
    const position = { topic: 'orders', startOffset: '0', nextOffset: '5' };
    const first = await store.commit(
      1,
      [{ waybill: 'A', expected: undefined, next: stored('a1') }],
      [],
      position,
      [
        day([
          ['judged', 1],
          ['breached.breach', 1],
        ]),
      ],
    );
    expect(first.conflicts).toEqual([]);
    expect(await read()).toEqual({ judged: 1, 'breached.breach': 1 });

    // A stale writer (state changed meanwhile) counts nothing.
    const stale = await store.commit(
      1,
      [{ waybill: 'A', expected: undefined, next: stored('a2') }],
      [],
      undefined,
      [day([['judged', 1]])],
    );
    expect(stale.conflicts).toEqual(['A']);
    // A batch that starts after the stored offset (this Redis lost writes) counts nothing either.
    const behind = await store.commit(
      1,
      [{ waybill: 'B', expected: undefined, next: stored('b1') }],
      [],
      { topic: 'orders', startOffset: '9', nextOffset: '12' },
      [day([['judged', 1]])],
    );
    expect(behind.behindAt).toBe('5');
    expect(await read()).toEqual({ judged: 1, 'breached.breach': 1 });

    // Late evidence moves the shipment to met; another partition adds its own shipment.
    await store.commit(1, [{ waybill: 'A', expected: stored('a1'), next: stored('a3') }], [], undefined, [
      day([
        ['met', 1],
        ['breached.breach', -1],
      ]),
    ]);
    await store.commit(2, [{ waybill: 'C', expected: undefined, next: stored('c1') }], [], undefined, [
      day([
        ['judged', 1],
        ['met', 1],
      ]),
    ]);
    expect(await read()).toEqual({ judged: 2, met: 2, 'breached.breach': 0 });
    const ttl = await redis.ttl(store.keys.attainment(1, '2026-11-02'));
    expect(ttl).toBeGreaterThan(3_500);
    expect(ttl).toBeLessThanOrEqual(3_600);
  });
});
