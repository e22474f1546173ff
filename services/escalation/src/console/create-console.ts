import { join } from 'node:path';
import type { Environment } from '@slawatch/config';
import type { ApiTokensFile, EscalationFile, EscalationStore } from '@slawatch/escalation';
import type { Logger } from '@slawatch/logger';
import type { Redis } from '@slawatch/redis';
import type { FastifyInstance } from 'fastify';
import { ChangeFeed } from './change-feed.js';
import { registerConsoleRoutes } from './console-routes.js';
import { ConsoleSnapshots } from './console-snapshot.js';
import { registerSessionAuth } from './session-auth.js';
import { ConsoleSessions } from './sessions.js';
import { readStandardTexts, type StandardText } from './standard-texts.js';

/** Where scripts/build-console.ts writes the bundle. */
export const CONSOLE_ASSETS = join(import.meta.dirname, '../../console/dist');

/** A session lasts a shift. */
const SESSION_TTL_SECONDS = 8 * 3600;

export interface ConsoleService {
  feed: ChangeFeed;
  start(): Promise<void>;
  stop(): Promise<void>;
}

/**
 * The on-call console inside the escalation service: the session cookie for
 * the API, the console's routes, and the change feed its pages listen to.
 * Call before the API's routes are registered.
 */
export function createConsole(
  app: FastifyInstance,
  parts: {
    env: Environment;
    logger: Logger;
    redis: Redis;
    /** A connection of its own: a subscribed Redis connection can do nothing else. */
    subscriber: Redis;
    store: EscalationStore;
    tokens: ApiTokensFile | undefined;
    file: EscalationFile;
    publicUrl: string;
  },
): ConsoleService {
  const { redis, store, logger } = parts;
  const keys = store.keys;
  const feed = new ChangeFeed({
    publisher: redis,
    subscriber: parts.subscriber,
    channel: `${keys.base}console-changes`,
    pollMs: 250,
    readFingerprint: async () => {
      const pipeline = redis.pipeline().zcard(keys.index()).zcard(keys.incidentIndex());
      for (const severity of ['critical', 'major', 'minor']) {
        pipeline.scard(keys.active(severity)).scard(keys.activeIncidents(severity));
      }
      const replies = (await pipeline.exec()) ?? [];
      return replies.map(([, value]) => String(value)).join(',');
    },
  });
  const sessions = new ConsoleSessions(redis, { keyBase: keys.base, ttlSeconds: SESSION_TTL_SECONDS });
  const publicOrigin = new URL(parts.publicUrl).origin;
  let standards: StandardText[] = [];
  try {
    standards = readStandardTexts(parts.env.STANDARDS_FILE);
  } catch (error) {
    logger.warn(
      { err: error, file: parts.env.STANDARDS_FILE },
      'console: the standards file could not be read; detail pages show the texts the breaches carry',
    );
  }
  registerSessionAuth(app, { sessions, publicOrigin });
  // Every action that changed something, from any page or API client, reaches the open pages at once.
  app.addHook('onResponse', async (request, reply) => {
    if (request.method !== 'GET' && request.method !== 'HEAD' && reply.statusCode < 400) {
      if (request.url.startsWith('/api/') || request.url.startsWith('/ack/')) feed.announce();
    }
  });
  registerConsoleRoutes(app, {
    tokens: parts.tokens,
    sessions,
    snapshots: new ConsoleSnapshots({
      store,
      feed,
      now: Date.now,
      maximumRows: 20_000,
      maximumAgeMs: 10_000,
    }),
    feed,
    file: parts.file,
    standards,
    assetsDirectory: CONSOLE_ASSETS,
    publicOrigin,
    now: Date.now,
  });
  return {
    feed,
    start: () => feed.start(),
    stop: async () => {
      await feed.stop();
      parts.subscriber.disconnect();
    },
  };
}
