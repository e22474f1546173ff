import { randomBytes } from 'node:crypto';
import { afterAll, describe, expect, inject, it } from 'vitest';
import { freePort } from '../../../test/harness/free-port.js';
import { testRedis, uniqueName } from '../../../test/harness/isolation.js';
import { createRedis, type Redis, waitUntilReady } from '../src/index.js';

/** The harness Redis's URL with credentials and a database put in. */
function harnessUrl(options: { credentials?: string; database?: number }): string {
  const url = new URL(inject('redisUrl'));
  const credentials = options.credentials ? `${options.credentials}@` : '';
  return `redis://${credentials}${url.host}/${options.database ?? 0}`;
}

describe('createRedis against a real Redis', () => {
  const admin = testRedis();
  const opened: Redis[] = [];
  const open = (url: string, name: string, maxRetriesPerRequest?: number | null) => {
    const redis = createRedis({ url }, { name, maxRetriesPerRequest });
    opened.push(redis);
    return redis;
  };
  afterAll(async () => {
    for (const redis of opened) redis.disconnect();
    await admin.quit();
  });

  it('connects to the database the URL names, under the connection name it was given', async () => {
    const name = uniqueName('redis-test');
    const redis = open(harnessUrl({ database: 3 }), name);
    await waitUntilReady(redis);
    const info = String(await redis.client('INFO'));
    expect(info).toContain(`name=${name} `);
    expect(info).toContain(' db=3 ');

    const key = uniqueName('t');
    await redis.set(key, 'in database 3');
    try {
      expect(await admin.get(key)).toBeNull();
      expect(await admin.select(3).then(() => admin.get(key))).toBe('in database 3');
    } finally {
      await redis.del(key);
      await admin.select(0);
    }
  });

  it('logs in with the user and password in the URL', async () => {
    const user = uniqueName('slawatch');
    const password = randomBytes(12).toString('hex');
    await admin.call('ACL', 'SETUSER', user, 'on', `>${password}`, '~*', '+@all');
    // Its own client, closed before the user goes: a client left open would reconnect as a deleted user.
    const redis = createRedis(
      { url: harnessUrl({ credentials: `${user}:${password}` }) },
      { name: uniqueName('redis-test') },
    );
    try {
      await waitUntilReady(redis);
      expect(await redis.call('ACL', 'WHOAMI')).toBe(user);
    } finally {
      redis.disconnect();
      await admin.call('ACL', 'DELUSER', user);
    }
  });

  it('fails a command when Redis cannot be reached instead of waiting for ever', async () => {
    const redis = open(`redis://127.0.0.1:${await freePort()}`, uniqueName('redis-test'));
    redis.on('error', () => undefined);
    const started = Date.now();
    await expect(redis.get('anything')).rejects.toThrow(/max retries per request/i);
    // Three reconnections 200, 400 and 600 ms apart, and a little slack for a loaded machine.
    expect(Date.now() - started).toBeLessThan(10_000);
  });

  it('says which host did not answer, and never the password', async () => {
    const port = await freePort();
    const redis = open(`redis://:do-not-print-me@127.0.0.1:${port}`, uniqueName('redis-test'));
    redis.on('error', () => undefined);
    const failure = await waitUntilReady(redis, 500).then(
      () => undefined,
      (error: Error) => error,
    );
    expect(failure?.message).toMatch(new RegExp(`^Redis at 127\\.0\\.0\\.1:${port} did not answer`));
    expect(failure?.message).not.toContain('do-not-print-me');
  });
});
