import { Cluster, type ClusterOptions, type RedisOptions, Redis as SingleRedis } from 'ioredis';

/**
 * A connection to one Redis or to a Redis Cluster. Both answer the same
 * commands; in a cluster a script, MULTI or pipeline may only touch keys of
 * one hash slot (every multi-key write of slawatch shares a `{...}` tag).
 */
export type Redis = SingleRedis | Cluster;

export interface RedisConnectionSettings {
  url: string;
  tls?: { ca?: string; rejectUnauthorized: boolean };
  /**
   * Seed nodes (`host:port`) of a Redis Cluster: when given, the client
   * connects to the cluster through them, with the user, password and TLS of
   * `url` (its host and database are not used).
   */
  clusterNodes?: string[];
}

export interface RedisConnectionOptions {
  /** Shown in CLIENT LIST, so an operator can tell slawatch's connections apart. */
  name: string;
  /**
   * BullMQ workers block on Redis and must retry forever (`null`); the
   * monitor's own commands fail fast so a batch is retried, not stuck.
   */
  maxRetriesPerRequest?: number | null;
  /**
   * Commands issued in the same tick go out as one write (ioredis's
   * auto-pipelining): for a connection many concurrent chains share, such
   * as the escalation's intake of a whole batch at once.
   */
  autoPipelining?: boolean;
}

/** One connection from a `redis://` or `rediss://` URL (password and database in the URL), or to a cluster. */
export function createRedis(settings: RedisConnectionSettings, options: RedisConnectionOptions): Redis {
  if (settings.clusterNodes && settings.clusterNodes.length > 0) {
    const cluster = new Cluster(settings.clusterNodes.map(hostAndPort), clusterOptions(settings, options));
    seedNodes.set(cluster, settings.clusterNodes.join(','));
    return cluster;
  }
  return new SingleRedis(settings.url, clientOptions(settings, options));
}

/** The client options beside the URL: connection name, retries, and TLS for `rediss://` or when asked. */
export function clientOptions(
  settings: RedisConnectionSettings,
  options: RedisConnectionOptions,
): RedisOptions {
  const redisOptions: RedisOptions = {
    connectionName: options.name,
    maxRetriesPerRequest: options.maxRetriesPerRequest === undefined ? 3 : options.maxRetriesPerRequest,
    enableAutoPipelining: options.autoPipelining === true,
    retryStrategy: (attempt) => Math.min(attempt * 200, 2000),
  };
  if (settings.url.startsWith('rediss://') || settings.tls) {
    redisOptions.tls = { rejectUnauthorized: settings.tls?.rejectUnauthorized ?? true };
    if (settings.tls?.ca) redisOptions.tls.ca = settings.tls.ca;
  }
  return redisOptions;
}

/**
 * A cluster's options: each node's connection as above, with the URL's user
 * and password (a cluster has no database but 0), commands to masters only
 * (a replica may be behind), and the same back-off while the whole cluster
 * is unreachable. While a master fails over, commands for its slots fail
 * after a few redirections: the monitor's batch is retried, not stuck.
 */
export function clusterOptions(
  settings: RedisConnectionSettings,
  options: RedisConnectionOptions,
): ClusterOptions {
  const { enableAutoPipelining, retryStrategy, ...perNode } = clientOptions(settings, options);
  const url = new URL(settings.url);
  if (url.username) perNode.username = decodeURIComponent(url.username);
  if (url.password) perNode.password = decodeURIComponent(url.password);
  return {
    redisOptions: perNode,
    enableAutoPipelining: enableAutoPipelining ?? false,
    scaleReads: 'master',
    clusterRetryStrategy: (attempt) => retryStrategy?.(attempt) ?? 2000,
    retryDelayOnFailover: 200,
    retryDelayOnClusterDown: 200,
  };
}

const seedNodes = new WeakMap<Cluster, string>();

function hostAndPort(node: string): { host: string; port: number } {
  const at = node.lastIndexOf(':');
  return { host: node.slice(0, at), port: Number(node.slice(at + 1)) };
}

/**
 * Calls `handler` each time the connection is ready again after it was
 * ready once: the Redis behind it may have restarted and lost its last
 * writes (an AOF a second behind), so work read from it may need reading again.
 * In a cluster, also each time a slot's master changed: a replica that took
 * over (replication is asynchronous) may lack the last writes of its master.
 */
export function onReconnect(redis: Redis, handler: () => void): void {
  let readyBefore = false;
  redis.on('ready', () => {
    if (readyBefore) handler();
    readyBefore = true;
  });
  if (redis instanceof Cluster) {
    let masters = '';
    redis.on('refresh', () => {
      const now = mastersOfSlots(redis);
      if (masters !== '' && now !== masters) handler();
      masters = now;
    });
  }
}

/** The master of every slot range, e.g. `0-5460=127.0.0.1:7000,...`: changes when a replica takes over. */
function mastersOfSlots(cluster: Cluster): string {
  const ranges: string[] = [];
  let start = 0;
  for (let slot = 1; slot <= cluster.slots.length; slot++) {
    const master = cluster.slots[slot]?.[0];
    if (slot === cluster.slots.length || master !== cluster.slots[start]?.[0]) {
      ranges.push(`${start}-${slot - 1}=${cluster.slots[start]?.[0] ?? ''}`);
      start = slot;
    }
  }
  return ranges.join(',');
}

/** Where a connection goes, for messages: host and port, or a cluster's seed nodes (never a password). */
export function describeTarget(redis: Redis): string {
  if (redis instanceof Cluster) return `cluster ${seedNodes.get(redis) ?? ''}`;
  return `${redis.options.host}:${redis.options.port}`;
}

/** Resolves once the connection answers PING; rejects with the URL's host (never its password). */
export async function waitUntilReady(redis: Redis, timeoutMs = 10_000): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    try {
      if ((await redis.ping()) === 'PONG') return;
    } catch (error) {
      if (Date.now() > deadline) {
        throw new Error(`Redis at ${describeTarget(redis)} did not answer: ${String(error)}`);
      }
      await new Promise((resolve) => setTimeout(resolve, 200));
    }
  }
}
