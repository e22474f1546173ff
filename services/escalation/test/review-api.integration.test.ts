import { attainmentField, encodeStored, ShipmentStore } from '@slawatch/shipment-store';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { testRedis } from '../../../test/harness/isolation.js';
import { TOKENS } from './fixtures.js';
import { Receiver } from './receiver.js';
import { type ServiceUnderTest, startServiceUnderTest } from './service-under-test.js';

describe('GET /api/review', () => {
  const receiver = new Receiver();
  const redis = testRedis();
  let service: ServiceUnderTest;

  beforeAll(async () => {
    service = await startServiceUnderTest(receiver);
    // Counts as the monitor's commit script leaves them: two partitions, one order day.
    const store = new ShipmentStore(redis, { prefix: service.prefix, buckets: 4 });
    const cell = {
      standard: 'delivered_on_time',
      segment: 'individual',
      product: 'standard',
      route: 'same_city',
    };
    for (const [partition, judged, met] of [
      [0, 60, 50],
      [2, 40, 38],
    ] as const) {
      await store.commit(
        partition,
        [
          {
            waybill: `W${partition}`,
            expected: undefined,
            next: encodeStored({ nextDueMs: 0, state: Buffer.from('x') }),
          },
        ],
        [],
        undefined,
        [
          {
            day: '2026-11-02',
            expireAtSeconds: Math.floor(Date.now() / 1000) + 3_600,
            increments: new Map([
              [attainmentField(cell, 'judged'), judged],
              [attainmentField(cell, 'met'), met],
            ]),
          },
        ],
      );
    }
  });

  afterAll(async () => {
    await service?.stop();
    await redis.quit();
  });

  const get = (query: string, token?: string) =>
    fetch(
      `${service.api}/api/review?${query}`,
      token ? { headers: { authorization: `Bearer ${token}` } } : {},
    );

  it('gives viewers the review summed over partitions, with the objective and benchmark of the standards file', async () => {
    const response = await get('from=2026-11-01&to=2026-11-03&by=segment', TOKENS.viewer);
    expect(response.status).toBe(200);
    const review = (await response.json()) as { rows: Array<Record<string, unknown>> };
    expect(review.rows).toEqual([
      expect.objectContaining({
        standard: 'delivered_on_time',
        segment: 'individual',
        judged: 100,
        met: 88,
        attainment: 0.88,
        objective: 0.93,
        benchmark: 0.8439,
        belowObjective: true,
        belowBenchmark: false,
      }),
    ]);
    const html = await get('from=2026-11-01&to=2026-11-03&format=html&lang=en', TOKENS.viewer);
    expect(html.headers.get('content-type')).toContain('text/html');
    expect(await html.text()).toContain('below-objective');
  });

  it('refuses callers without a token and says what is wrong with a query', async () => {
    expect((await get('from=2026-11-01&to=2026-11-03')).status).toBe(401);
    const bad = await get('from=2026-11-05&to=2026-11-03&by=colour', TOKENS.viewer);
    expect(bad.status).toBe(400);
    const { problems } = (await bad.json()) as { problems: string[] };
    expect(problems.join('\n')).toContain('by: expected some of segment, product, route, got colour');
  });
});
