import { sampleBreachChange } from '@slawatch/contract';
import fc from 'fast-check';
import { afterAll, describe, expect, it } from 'vitest';
import { testRedis, uniqueName } from '../../../test/harness/isolation.js';
import { EscalationStore } from '../src/classes/escalation-store.js';
import { slotDecision } from '../src/rate-limit.js';
import { entry } from '../src/timeline.js';

describe('escalation store on a real Redis', () => {
  const redis = testRedis();
  afterAll(() => redis.quit());

  it('takes rate-limit slots exactly as the pure sliding window decides', async () => {
    await fc.assert(
      fc.asyncProperty(
        fc.integer({ min: 1, max: 4 }),
        fc.integer({ min: 100, max: 2000 }),
        fc.array(fc.integer({ min: 0, max: 700 }), { minLength: 1, maxLength: 25 }),
        async (messages, perMs, gaps) => {
          const store = new EscalationStore(redis, `${uniqueName('t')}:`);
          const sent: number[] = [];
          let now = 1_795_000_000_000;
          for (const gap of gaps) {
            now += gap;
            const expected = slotDecision(sent, now, { messages, perMs });
            const actual = await store.rateWindows.takeSlot('robot', { messages, perMs }, now);
            expect(actual).toEqual(expected);
            if (actual.allowed) sent.push(now);
          }
        },
      ),
      { numRuns: 50 },
    );
  });

  it('tells new changes from replays and late opens, and pages through breaches newest first', async () => {
    const store = new EscalationStore(redis, `${uniqueName('t')}:`);
    const at = Date.parse('2026-11-29T00:00:00Z');
    const opened = { policy: 'page', nowMs: at, first: entry(at, 'monitor', 'opened') };
    const breaches = [0, 1, 2, 3, 4].map((i) =>
      sampleBreachChange({
        breachId: `W${i}:s:breach:1`,
        waybill: `W${i}`,
        detectedAt: new Date(at + (i % 3) * 1000).toISOString(),
      }),
    );
    for (const b of breaches) {
      expect((await store.breaches.recordChange(b, opened)).outcome).toBe('new');
    }
    expect((await store.breaches.recordChange(breaches[0]!, opened)).outcome).toBe('duplicate');
    const resolvedFirst = sampleBreachChange({
      breachId: 'LATE:s:breach:1',
      status: 'resolved',
      // Detected a day before the others, so it lists last.
      detectedAt: new Date(at - 86_400_000).toISOString(),
    });
    const resolved = { policy: 'page', nowMs: at, first: entry(at, 'monitor', 'resolved') };
    expect((await store.breaches.recordChange(resolvedFirst, resolved)).outcome).toBe('untracked');
    const lateOpen = { ...resolvedFirst, status: 'open' as const };
    expect(await store.breaches.recordChange(lateOpen, opened)).toEqual({
      outcome: 'late',
      state: 'resolved',
    });

    const seen: string[] = [];
    let cursor: string | undefined;
    do {
      const page = await store.breaches.list({ limit: 2, ...(cursor ? { cursor } : {}) });
      seen.push(...page.breaches.map((b) => b.breach.breachId));
      cursor = page.nextCursor;
    } while (cursor);
    // Newest detection first; equal times in reverse id order; each exactly once.
    expect(seen).toEqual([
      'W2:s:breach:1',
      'W4:s:breach:1',
      'W1:s:breach:1',
      'W3:s:breach:1',
      'W0:s:breach:1',
      'LATE:s:breach:1',
    ]);
    const windowed = await store.breaches.list({ limit: 10, fromMs: at + 1000, toMs: at + 1000 });
    expect(windowed.breaches.map((b) => b.breach.breachId)).toEqual(['W4:s:breach:1', 'W1:s:breach:1']);
  });

  it('moves a breach state only from the state the caller read, writing its timeline line with it', async () => {
    const store = new EscalationStore(redis, `${uniqueName('t')}:`);
    const at = Date.parse('2026-11-29T00:00:00Z');
    const breach = sampleBreachChange();
    await store.breaches.recordChange(breach, {
      policy: 'page',
      nowMs: at,
      first: entry(at, 'monitor', 'opened'),
    });
    const line = entry(at + 1000, 'alice', 'acknowledged');
    const fields = { acknowledgedBy: 'alice' };
    expect(
      await store.breaches.setState(breach.breachId, { expected: 'silenced', next: 'acknowledged', line }),
    ).toBe(false);
    expect(
      await store.breaches.setState(breach.breachId, {
        expected: 'open',
        next: 'acknowledged',
        line,
        fields,
      }),
    ).toBe(true);
    expect(await store.breaches.get(breach.breachId)).toMatchObject({
      state: 'acknowledged',
      acknowledgedBy: 'alice',
    });
    expect((await store.timelines.read(breach.breachId)).map((l) => [l.who, l.what])).toEqual([
      ['monitor', 'opened'],
      ['alice', 'acknowledged'],
    ]);
  });

  it("trims a target's overflow only while it still starts with the items the flusher read", async () => {
    const store = new EscalationStore(redis, `${uniqueName('t')}:`);
    for (const n of [1, 2, 3]) {
      await store.rateWindows.mergeIntoOverflow('robot', { breachId: `B${n}`, at: n, pass: 1, step: 1 }, n);
    }
    const head = await store.rateWindows.headOfOverflow('robot', 2);
    expect(await store.rateWindows.trimOverflowIfHead('robot', head)).toBe(true);
    // A second flusher that read the same head finds it gone and leaves B3 alone.
    expect(await store.rateWindows.trimOverflowIfHead('robot', head)).toBe(false);
    const left = await store.rateWindows.headOfOverflow('robot', 10);
    expect(left.map((item) => (JSON.parse(item) as { breachId: string }).breachId)).toEqual(['B3']);
  });

  it('files a breach into a digest interval once, and refuses it once the flush began', async () => {
    const store = new EscalationStore(redis, `${uniqueName('t')}:`);
    expect(await store.digests.file('minor', 0, 'B1')).toBe('filed');
    expect(await store.digests.file('minor', 0, 'B1')).toBe('present');
    await store.digests.markFlushed('minor', 0);
    expect(await store.digests.file('minor', 0, 'B2')).toBe('flushed');
    expect(await store.digests.items('minor', 0)).toEqual(['B1']);
  });

  it('merges a page into an overflow once while the merge is remembered, even after it was handed on', async () => {
    const store = new EscalationStore(redis, `${uniqueName('t')}:`);
    const at = 1_795_000_000_000;
    const page = { breachId: 'B1', at, pass: 1, step: 1 };
    expect(await store.rateWindows.mergeIntoOverflow('robot', page, at)).toEqual({ pushed: true, length: 1 });
    expect(await store.rateWindows.mergeIntoOverflow('robot', page, at + 1)).toEqual({
      pushed: false,
      length: 1,
    });
    const head = await store.rateWindows.headOfOverflow('robot', 10);
    expect(await store.rateWindows.trimOverflowIfHead('robot', head)).toBe(true);
    expect(await store.rateWindows.mergeIntoOverflow('robot', page, at + 2)).toEqual({
      pushed: false,
      length: 0,
    });
    // Forgotten after a week: a rerun that late pushes nothing either, as it cannot tell.
    const late = at + 8 * 86_400_000;
    expect(await store.rateWindows.mergeIntoOverflow('robot', page, late)).toEqual({
      pushed: false,
      length: 0,
    });
    const next = { ...page, step: 2 };
    expect(await store.rateWindows.mergeIntoOverflow('robot', next, at + 3)).toEqual({
      pushed: true,
      length: 1,
    });
  });

  it('counts an open breach behind a value once however often it is replayed, trims by window and releases it', async () => {
    const store = new EscalationStore(redis, `${uniqueName('t')}:`);
    const group = 'inhibitGroup0001';
    const at = Date.parse('2026-11-29T00:00:00Z');
    const breachAt = (i: number, minutesAgo: number) =>
      sampleBreachChange({
        breachId: `W${i}:s:breach:1`,
        waybill: `W${i}`,
        detectedAt: new Date(at - minutesAgo * 60_000).toISOString(),
      });
    const count = (i: number, minutesAgo: number, windowMs?: number) =>
      store.inhibitions.count(group, breachAt(i, minutesAgo), { nowMs: at, windowMs });
    expect(await count(1, 1)).toEqual({ open: 1, incidentId: undefined });
    expect(await count(1, 1)).toEqual({ open: 1, incidentId: undefined });
    expect(await count(2, 5)).toEqual({ open: 2, incidentId: undefined });
    // A 3-minute window: the breach detected 5 minutes ago no longer counts, nor does an old replay.
    expect(await count(3, 2, 180_000)).toEqual({ open: 2, incidentId: undefined });
    expect(await count(4, 10, 180_000)).toEqual({ open: 2, incidentId: undefined });
    await redis.set(store.keys.incidentPointer(group), `${group}.abc`);
    expect(await count(3, 2, 180_000)).toEqual({ open: 2, incidentId: `${group}.abc` });
    expect(await store.inhibitions.current(group)).toBe(`${group}.abc`);
    await store.inhibitions.release(group, 'W1:s:breach:1');
    await store.inhibitions.release(group, 'W1:s:breach:1');
    expect(await store.inhibitions.open(group)).toBe(1);
  });

  it('stores consumed offsets forward only, and refuses a batch that starts past what it holds (writes lost)', async () => {
    const { consumedOffsets } = new EscalationStore(redis, `${uniqueName('t')}:`);
    const at = { topic: 'breaches', partition: 2 };
    const held = async () => (await consumedOffsets.read({ breaches: [2] }))[0]?.offset;
    // A partition never seen: any start is fine.
    expect(await consumedOffsets.behind({ ...at, startOffset: '40' })).toBeUndefined();
    expect(await consumedOffsets.store({ ...at, startOffset: '40', offset: '50' })).toEqual({});
    // The next batch continues it; a replayed older batch does not move it back.
    expect(await consumedOffsets.store({ ...at, startOffset: '50', offset: '60' })).toEqual({});
    expect(await consumedOffsets.store({ ...at, startOffset: '40', offset: '50' })).toEqual({});
    expect(await held()).toBe('60');
    // A batch from 75 while Redis holds 60: the effects of 60–74 are gone, read again from 60.
    expect(await consumedOffsets.behind({ ...at, startOffset: '75' })).toBe('60');
    expect(await consumedOffsets.store({ ...at, startOffset: '75', offset: '90' })).toEqual({
      behindAt: '60',
    });
    expect(await held()).toBe('60');
  });
});
