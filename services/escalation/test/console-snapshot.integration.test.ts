import { sampleBreachChange } from '@slawatch/contract';
import { EscalationStore } from '@slawatch/escalation';
import { afterAll, describe, expect, it } from 'vitest';
import { testRedis, uniqueName } from '../../../test/harness/isolation.js';
import type { ChangeFeed } from '../src/console/change-feed.js';
import { ConsoleSnapshots } from '../src/console/console-snapshot.js';
import { listRows } from '../src/console/console-view.js';

describe('console snapshots on a real Redis', () => {
  const redis = testRedis();
  afterAll(() => redis.quit());

  it('reads thousands of breaches in pages of the index, once each though resolved ones are indexed twice', async () => {
    const store = new EscalationStore(redis, `${uniqueName('t')}:`);
    const nowMs = Date.now();
    const total = 1_234;
    for (let start = 0; start < total; start += 200) {
      await Promise.all(
        Array.from({ length: Math.min(200, total - start) }, async (_, k) => {
          const i = start + k;
          const waybill = `SN${String(i).padStart(6, '0')}`;
          const opened = sampleBreachChange({
            breachId: `${waybill}:delivered_on_time:breach:1`,
            waybill,
            detectedAt: new Date(nowMs - 60_000 - i * 1_000).toISOString(),
            severity: i % 10 === 0 ? 'critical' : 'major',
          });
          const first = { at: opened.detectedAt, who: 'monitor', what: 'opened' as const };
          await store.breaches.recordChange(opened, { policy: 'page', nowMs, first });
          // Every third one has a resolution recorded too: a second index entry of the same breach.
          if (i % 3 === 0) {
            const resolved = {
              ...opened,
              status: 'resolved' as const,
              detectedAt: new Date(nowMs).toISOString(),
            };
            await store.breaches.recordChange(resolved, { policy: 'page', nowMs, first });
          }
        }),
      );
    }
    const feed = { current: 0 } as ChangeFeed;
    const snapshots = new ConsoleSnapshots({
      store,
      feed,
      now: Date.now,
      maximumRows: 20_000,
      maximumAgeMs: 10_000,
    });
    const started = performance.now();
    const snapshot = await snapshots.read('24h');
    const readMs = performance.now() - started;
    console.log(`[console] read ${snapshot.breaches.length} breaches in ${readMs.toFixed(0)} ms`);
    expect(snapshot.breaches).toHaveLength(total);
    expect(snapshot.truncated).toBe(false);
    // The same version answers from the snapshot already read.
    expect(await snapshots.read('24h')).toBe(snapshot);

    const open = listRows(snapshot.breaches, {
      filters: { status: ['open'], severity: ['critical'] },
      sort: 'oldest',
      page: 2,
      pageSize: 50,
    });
    // Critical every tenth; the store's record of a resolution keeps the state (actions move it), so all are open.
    expect(open.total).toBe(124);
    expect(open.counts.status).toEqual({ open: 124 });
    // Oldest first, 50 a page: the 51st oldest critical one (waybill 1230 is the oldest).
    expect(open.rows[0]!.waybill).toBe('SN000730');
    expect(open.page).toBe(2);

    // A smaller limit leaves the oldest out and says so.
    const limited = new ConsoleSnapshots({
      store,
      feed,
      now: Date.now,
      maximumRows: 500,
      maximumAgeMs: 10_000,
    });
    const cut = await limited.read('24h');
    expect(cut.truncated).toBe(true);
    expect(cut.breaches.length).toBeGreaterThanOrEqual(500);
    expect(cut.breaches.length).toBeLessThan(total);
  });
});
