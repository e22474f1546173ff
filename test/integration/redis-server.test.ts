import { describeTarget } from '@slawatch/redis';
import { afterAll, describe, expect, it } from 'vitest';
import { testRedis, uniqueName } from '../harness/isolation.js';

describe('the harness Redis', () => {
  const redis = testRedis();
  afterAll(() => redis.quit());

  it('round-trips data and runs with the persistence and eviction settings slawatch relies on', async () => {
    const key = `${uniqueName('t')}:shipment`;
    await redis.hset(key, { state: 'in_transit', pieces: '2' });
    expect(await redis.hgetall(key)).toEqual({ state: 'in_transit', pieces: '2' });
    expect(await redis.config('GET', 'appendonly')).toEqual(['appendonly', 'yes']);
    expect(await redis.config('GET', 'maxmemory-policy')).toEqual(['maxmemory-policy', 'noeviction']);
    // Not the machine's shared Redis: the harness started its own.
    expect(describeTarget(redis)).not.toMatch(/:6379$/);
  });
});
