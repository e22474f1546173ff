import { Redis } from 'ioredis';
import { describe, expect, it } from 'vitest';
import { clientOptions, clusterOptions, type RedisConnectionSettings } from '../src/create-redis.js';

/**
 * The client as createRedis builds it, but not connected: ioredis parses the
 * URL and merges our options exactly as it does for a real connection.
 */
function unconnected(
  settings: RedisConnectionSettings,
  name = 'monitor',
  maxRetriesPerRequest?: number | null,
) {
  const options = clientOptions(settings, { name, maxRetriesPerRequest });
  return new Redis(settings.url, { ...options, lazyConnect: true }).options;
}

describe('clientOptions', () => {
  it('names the connection, fails a command after 3 retries by default, and does not pipeline on its own', () => {
    const options = clientOptions({ url: 'redis://127.0.0.1:6380' }, { name: 'monitor' });
    expect(options.connectionName).toBe('monitor');
    expect(options.maxRetriesPerRequest).toBe(3);
    expect(options.enableAutoPipelining).toBe(false);
  });

  it('keeps a chosen retry limit, and null (retry forever) for BullMQ workers', () => {
    const url = 'redis://127.0.0.1:6380';
    expect(
      clientOptions({ url }, { name: 'worker', maxRetriesPerRequest: null }).maxRetriesPerRequest,
    ).toBeNull();
    expect(clientOptions({ url }, { name: 'cli', maxRetriesPerRequest: 0 }).maxRetriesPerRequest).toBe(0);
  });

  it('reconnects 200 ms later per attempt, never waiting more than 2 s', () => {
    const retry = clientOptions({ url: 'redis://127.0.0.1:6380' }, { name: 'monitor' }).retryStrategy!;
    expect([1, 2, 5, 10, 11, 1000].map((attempt) => retry(attempt))).toEqual([
      200, 400, 1000, 2000, 2000, 2000,
    ]);
  });

  it('uses no TLS for redis:// and verified TLS for rediss://', () => {
    expect(clientOptions({ url: 'redis://cache.example:6379' }, { name: 'm' }).tls).toBeUndefined();
    expect(clientOptions({ url: 'rediss://cache.example:6379' }, { name: 'm' }).tls).toEqual({
      rejectUnauthorized: true,
    });
  });

  it('takes the CA and certificate checking from the TLS settings, also on a redis:// URL', () => {
    const settings: RedisConnectionSettings = {
      url: 'redis://cache.example:6379',
      tls: {
        ca: '-----BEGIN CERTIFICATE-----\nMIIB\n-----END CERTIFICATE-----\n',
        rejectUnauthorized: false,
      },
    };
    expect(clientOptions(settings, { name: 'm' }).tls).toEqual({
      ca: settings.tls!.ca,
      rejectUnauthorized: false,
    });
    expect(clientOptions({ ...settings, tls: { rejectUnauthorized: true } }, { name: 'm' }).tls).toEqual({
      rejectUnauthorized: true,
    });
  });
});

describe('a client built from a URL and these options', () => {
  it('reads host, port, password and database from a rediss:// URL and connects over TLS', () => {
    const options = unconnected({ url: 'rediss://:s3cret@cache.example:6390/4' });
    expect(options).toMatchObject({
      host: 'cache.example',
      port: 6390,
      password: 's3cret',
      db: 4,
      tls: { rejectUnauthorized: true },
      connectionName: 'monitor',
      maxRetriesPerRequest: 3,
    });
  });

  it('reads a user name (Redis ACL) and uses database 0 when the URL names none', () => {
    const options = unconnected({ url: 'redis://slawatch:pw@127.0.0.1:6380' }, 'escalation', null);
    expect(options).toMatchObject({
      host: '127.0.0.1',
      port: 6380,
      username: 'slawatch',
      password: 'pw',
      db: 0,
      connectionName: 'escalation',
      maxRetriesPerRequest: null,
    });
    expect(options.tls).toBeUndefined();
  });
});

describe('a cluster client', () => {
  it("gives every node the URL's user, password and TLS, and reads from masters only", () => {
    const options = clusterOptions(
      { url: 'rediss://slawatch:p%40ss@ignored:1', clusterNodes: ['10.0.0.1:7000'] },
      { name: 'monitor', autoPipelining: true },
    );
    expect(options).toMatchObject({
      scaleReads: 'master',
      enableAutoPipelining: true,
      redisOptions: {
        username: 'slawatch',
        password: 'p@ss',
        connectionName: 'monitor',
        maxRetriesPerRequest: 3,
        tls: { rejectUnauthorized: true },
      },
    });
    // Auto-pipelining belongs to the cluster, which groups commands per node.
    expect(options.redisOptions).not.toHaveProperty('enableAutoPipelining');
    expect(options.clusterRetryStrategy!(20, new Error('down'))).toBe(2000);
  });

  it('keeps null retries for BullMQ workers on every node', () => {
    const options = clusterOptions(
      { url: 'redis://127.0.0.1:6380', clusterNodes: ['10.0.0.1:7000'] },
      { name: 'worker', maxRetriesPerRequest: null },
    );
    expect(options.redisOptions?.maxRetriesPerRequest).toBeNull();
    expect(options.redisOptions?.password).toBeUndefined();
  });
});
