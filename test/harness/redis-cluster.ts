import { execFile } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { join } from 'node:path';
import { promisify } from 'node:util';
import { createRedis, type Redis } from '@slawatch/redis';
import { inject } from 'vitest';
import { freePort } from './free-port.js';
import { killAndWait } from './private-server.js';

const run = promisify(execFile);

/** A Redis Cluster of one test file's own: 3 masters with a replica each, started by infra/redis/redis.sh. */
export interface RedisClusterServer {
  /** The seed nodes, as REDIS_CLUSTER_NODES takes them. */
  nodes: string;
  ports: number[];
  /** The port of the master serving `key`'s slot now. */
  masterOf(key: string): Promise<number>;
  /** The port of the (first) replica of the master on `port`. */
  replicaOf(port: number): Promise<number>;
  /** Runs commands on the node on `port` itself (no redirection; READONLY for reads on a replica). */
  on<T>(port: number, command: (redis: Redis) => Promise<T>): Promise<T>;
  /** SIGSTOP and SIGCONT of the node on `port`: it neither answers nor reads its replication link meanwhile. */
  pause(port: number): Promise<void>;
  resume(port: number): Promise<void>;
  /** SIGKILL of the node on `port`: no chance to write or send anything more. */
  kill(port: number): Promise<void>;
  /** Resolves once `key`'s slot is served by a master other than `port` (its replica took over). */
  failedOver(key: string, port: number, timeoutMs?: number): Promise<number>;
  /** Stops every node and removes the data. */
  remove(): Promise<void>;
}

/**
 * Starts a cluster on free ports (bus ports too), with data under the
 * harness's folder, so the harness's teardown stops it even if the test
 * file never ran its own cleanup. Cluster-node-timeout is short so a
 * failover takes about two seconds.
 */
export async function startRedisCluster(
  options: { nodeTimeoutMs?: number } = {},
): Promise<RedisClusterServer> {
  const ports: number[] = [];
  const busPorts: number[] = [];
  // Twelve distinct ports: freePort may hand the same one out twice once it is closed again.
  while (ports.length + busPorts.length < 12) {
    const port = await freePort();
    if (ports.includes(port) || busPorts.includes(port)) continue;
    (ports.length < 6 ? ports : busPorts).push(port);
  }
  const data = mkdtempSync(join(inject('harnessDataDirectory'), 'redis-cluster-'));
  const script = join(inject('repositoryRoot'), 'infra/redis/redis.sh');
  const { stdout } = await run('bash', [
    script,
    'cluster-start',
    '--ports',
    ports.join(','),
    '--bus-ports',
    busPorts.join(','),
    '--data',
    data,
    '--node-timeout',
    String(options.nodeTimeoutMs ?? 1000),
  ]);
  const ask = async <T>(port: number, command: (redis: Redis) => Promise<T>): Promise<T> => {
    const redis = createRedis(
      { url: `redis://127.0.0.1:${port}` },
      { name: 'test-cluster', maxRetriesPerRequest: 1 },
    );
    redis.on('error', () => undefined);
    try {
      return await command(redis);
    } finally {
      redis.disconnect();
    }
  };
  const alive = new Set(ports);
  const masterOf = async (key: string): Promise<number> => {
    const port = [...alive][0]!;
    const slot = Number(await ask(port, (r) => r.cluster('KEYSLOT', key)));
    const ranges = await ask(port, (r) => r.cluster('SLOTS'));
    const range = ranges.find(([from, to]) => slot >= from && slot <= to);
    if (!range?.[2]) throw new Error(`no master serves slot ${slot}`);
    return Number(range[2][1]);
  };
  const pidOf = (port: number) => Number(readFileSync(join(data, String(port), 'redis.pid'), 'utf8').trim());
  const server: RedisClusterServer = {
    nodes: stdout.trim(),
    ports,
    masterOf,
    on: ask,
    replicaOf: async (port) => {
      const info = String(await ask(port, (r) => r.info('replication')));
      const found = /^slave0:.*port=(\d+)/m.exec(info);
      if (!found) throw new Error(`node ${port} has no replica: ${info}`);
      return Number(found[1]);
    },
    pause: async (port) => void process.kill(pidOf(port), 'SIGSTOP'),
    resume: async (port) => void process.kill(pidOf(port), 'SIGCONT'),
    kill: async (port) => {
      const pid = pidOf(port);
      alive.delete(port);
      await killAndWait(pid, `Redis node ${port}`);
    },
    failedOver: async (key, port, timeoutMs = 30_000) => {
      const deadline = Date.now() + timeoutMs;
      for (;;) {
        const master = await masterOf(key).catch(() => port);
        if (master !== port) return master;
        if (Date.now() > deadline) throw new Error(`no replica took over from ${port} in ${timeoutMs} ms`);
        await new Promise((resolve) => setTimeout(resolve, 100));
      }
    },
    remove: async () => {
      // A paused node would not answer SHUTDOWN.
      for (const port of alive) {
        try {
          process.kill(pidOf(port), 'SIGCONT');
        } catch {
          // Already gone.
        }
      }
      await run('bash', [script, 'cluster-stop', '--data', data]).catch(() => undefined);
      rmSync(data, { recursive: true, force: true });
    },
  };
  return server;
}
