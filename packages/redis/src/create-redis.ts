import { Redis, type RedisOptions } from 'ioredis';

export type { Redis } from 'ioredis';

export interface RedisConnectionSettings {
  url: string;
  tls?: { ca?: string; rejectUnauthorized: boolean };
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

/** One connection from a `redis://` or `rediss://` URL (password and database in the URL). */
export function createRedis(settings: RedisConnectionSettings, options: RedisConnectionOptions): Redis {
  return new Redis(settings.url, clientOptions(settings, options));
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
 * Calls `handler` each time the connection is ready again after it was
 * ready once: the Redis behind it may have restarted and lost its last
 * writes (an AOF a second behind), so work read from it may need reading again.
 */
export function onReconnect(redis: Redis, handler: () => void): void {
  let readyBefore = false;
  redis.on('ready', () => {
    if (readyBefore) handler();
    readyBefore = true;
  });
}

/** Resolves once the connection answers PING; rejects with the URL's host (never its password). */
export async function waitUntilReady(redis: Redis, timeoutMs = 10_000): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    try {
      if ((await redis.ping()) === 'PONG') return;
    } catch (error) {
      if (Date.now() > deadline) {
        throw new Error(
          `Redis at ${redis.options.host}:${redis.options.port} did not answer: ${String(error)}`,
        );
      }
      await new Promise((resolve) => setTimeout(resolve, 200));
    }
  }
}
