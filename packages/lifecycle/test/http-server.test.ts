import { Writable } from 'node:stream';
import { createLogger } from '@slawatch/logger';
import { Counter, Registry } from 'prom-client';
import { afterEach, describe, expect, it } from 'vitest';
import { createServiceHttp, type ReadinessCheck } from '../src/index.js';

const silent = createLogger({
  name: 'test',
  format: 'json',
  destination: new Writable({ write: (_chunk, _encoding, done) => done() }),
});

/** The service's HTTP face, answered in memory (fastify inject): no port is opened. */
function serviceHttp(
  readiness: Record<string, ReadinessCheck>,
  registry = new Registry(),
  longestRouteParameter?: number,
) {
  const app = createServiceHttp({
    host: '127.0.0.1',
    port: 0,
    logger: silent,
    registry,
    readiness,
    ...(longestRouteParameter !== undefined ? { longestRouteParameter } : {}),
  });
  opened.push(app);
  return app;
}
const opened: Array<ReturnType<typeof createServiceHttp>> = [];
afterEach(async () => {
  await Promise.all(opened.splice(0).map((app) => app.close()));
});

describe('createServiceHttp', () => {
  it('answers /healthz while the process lives, even when it is not ready', async () => {
    const app = serviceHttp({ kafka: async () => false });
    const response = await app.inject({ method: 'GET', url: '/healthz' });
    expect(response.statusCode).toBe(200);
    expect(response.json()).toEqual({ status: 'alive' });
  });

  it('answers /readyz 200 only when every check answers true, naming each', async () => {
    const ready = await serviceHttp({ kafka: async () => true, redis: async () => true }).inject({
      method: 'GET',
      url: '/readyz',
    });
    expect(ready.statusCode).toBe(200);
    expect(ready.json()).toEqual({ status: 'ready', checks: { kafka: true, redis: true } });

    const notReady = await serviceHttp({ kafka: async () => true, redis: async () => false }).inject({
      method: 'GET',
      url: '/readyz',
    });
    expect(notReady.statusCode).toBe(503);
    expect(notReady.json()).toEqual({ status: 'not ready', checks: { kafka: true, redis: false } });
  });

  it('counts a check that throws as not ready instead of failing the request', async () => {
    const app = serviceHttp({
      kafka: async () => true,
      redis: async () => {
        throw new Error('connection refused');
      },
    });
    const response = await app.inject({ method: 'GET', url: '/readyz' });
    expect(response.statusCode).toBe(503);
    expect(response.json()).toEqual({
      status: 'not ready',
      checks: { kafka: true, redis: false },
      details: { redis: 'connection refused' },
    });
  });

  it('answers within a second when a check hangs, counting it as not ready', async () => {
    const app = serviceHttp({ kafka: async () => true, redis: () => new Promise<boolean>(() => {}) });
    const started = performance.now();
    const response = await app.inject({ method: 'GET', url: '/readyz' });
    expect(performance.now() - started).toBeLessThan(1000);
    expect(response.statusCode).toBe(503);
    expect(response.json()).toEqual({
      status: 'not ready',
      checks: { kafka: true, redis: false },
      details: { redis: 'no answer within 800 ms' },
    });
  });

  it('shows why a check is not ready when it says so', async () => {
    const app = serviceHttp({
      kafka: async () => ({ ready: false, detail: 'logistics.orders/3: a batch in hand for 61 s' }),
      redis: async () => ({ ready: true, detail: 'ignored when ready' }),
    });
    const response = await app.inject({ method: 'GET', url: '/readyz' });
    expect(response.json()).toEqual({
      status: 'not ready',
      checks: { kafka: false, redis: true },
      details: { kafka: 'logistics.orders/3: a batch in hand for 61 s' },
    });
  });

  it('asks the checks again on every request', async () => {
    let connected = false;
    const app = serviceHttp({ redis: async () => connected });
    expect((await app.inject({ method: 'GET', url: '/readyz' })).statusCode).toBe(503);
    connected = true;
    expect((await app.inject({ method: 'GET', url: '/readyz' })).statusCode).toBe(200);
  });

  it('serves the registry on /metrics in the Prometheus text format', async () => {
    const registry = new Registry();
    new Counter({ name: 'slawatch_test_things_total', help: 'Things counted', registers: [registry] }).inc(3);
    const response = await serviceHttp({}, registry).inject({ method: 'GET', url: '/metrics' });
    expect(response.statusCode).toBe(200);
    expect(response.headers['content-type']).toBe(registry.contentType);
    expect(response.body).toContain('# HELP slawatch_test_things_total Things counted');
    expect(response.body).toContain('slawatch_test_things_total 3');
  });

  it('matches route parameters up to the longest the service allows, 414 beyond', async () => {
    const withIds = (longestRouteParameter?: number) => {
      const app = serviceHttp({}, new Registry(), longestRouteParameter);
      app.get<{ Params: { id: string } }>('/things/:id', async (request) => ({ id: request.params.id }));
      return app;
    };
    const status = async (app: ReturnType<typeof withIds>, id: string) =>
      (await app.inject({ method: 'GET', url: `/things/${id}` })).statusCode;
    const byDefault = withIds();
    expect(await status(byDefault, 'x'.repeat(100))).toBe(200);
    expect(await status(byDefault, 'x'.repeat(101))).toBe(414);
    const longer = withIds(255);
    const answer = await longer.inject({ method: 'GET', url: `/things/${'x'.repeat(255)}` });
    expect(answer.json()).toEqual({ id: 'x'.repeat(255) });
    expect(await status(longer, 'x'.repeat(256))).toBe(414);
    // Measured after percent-decoding: 85 encoded colons are 255 characters on the wire, 85 in the route.
    expect(await status(byDefault, '%3A'.repeat(85))).toBe(200);
  });
});
