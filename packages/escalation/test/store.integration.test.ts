import fc from 'fast-check';
import { afterAll, describe, expect, it } from 'vitest';
import { testRedis, uniqueName } from '../../../test/harness/isolation.js';
import { slotDecision } from '../src/rate-limit.js';
import { EscalationStore } from '../src/store.js';
import { entry } from '../src/timeline.js';
import { sampleBreach } from './sample-breach.js';

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
            const actual = await store.takeSlot('robot', { messages, perMs }, now);
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
    const breaches = [0, 1, 2, 3, 4].map((i) =>
      sampleBreach({
        breachId: `W${i}:s:breach:1`,
        waybill: `W${i}`,
        detectedAt: new Date(at + (i % 3) * 1000).toISOString(),
      }),
    );
    for (const b of breaches) {
      expect((await store.recordChange(b, 'page', at, entry(at, 'monitor', 'opened'))).outcome).toBe('new');
    }
    expect((await store.recordChange(breaches[0]!, 'page', at, entry(at, 'monitor', 'opened'))).outcome).toBe(
      'duplicate',
    );
    const resolvedFirst = sampleBreach({ breachId: 'LATE:s:breach:1', status: 'resolved' });
    expect(
      (await store.recordChange(resolvedFirst, 'page', at, entry(at, 'monitor', 'resolved'))).outcome,
    ).toBe('untracked');
    const lateOpen = { ...resolvedFirst, status: 'open' as const };
    expect(await store.recordChange(lateOpen, 'page', at, entry(at, 'monitor', 'opened'))).toEqual({
      outcome: 'late',
      state: 'resolved',
    });

    const seen: string[] = [];
    let cursor: string | undefined;
    do {
      const page = await store.list({ limit: 2, ...(cursor ? { cursor } : {}) });
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
    const windowed = await store.list({ limit: 10, fromMs: at + 1000, toMs: at + 1000 });
    expect(windowed.breaches.map((b) => b.breach.breachId)).toEqual(['W4:s:breach:1', 'W1:s:breach:1']);
  });
});
