import Fastify, { type FastifyInstance } from 'fastify';
import type { Logger } from 'pino';
import type { Registry } from 'prom-client';

/** Why a check is not ready, for the operator reading /readyz (never personal data). */
export interface ReadinessAnswer {
  ready: boolean;
  detail?: string;
}

export type ReadinessCheck = () => Promise<boolean | ReadinessAnswer>;

/** /readyz answers within a second, always: a check that hangs (a Redis that does not answer) counts as not ready. */
const CHECK_TIMEOUT_MS = 800;

/** fastify's own default, stated so the option's default is visible here. */
const DEFAULT_LONGEST_ROUTE_PARAMETER = 100;

export interface ServiceHttpOptions {
  host: string;
  port: number;
  logger: Logger;
  registry: Registry;
  /** Named checks; /readyz answers 200 only when every one answers true. */
  readiness: Record<string, ReadinessCheck>;
  /** How long one check may take before it counts as not ready (default 800 ms). */
  checkTimeoutMs?: number;
  /**
   * The longest route parameter, in characters after percent-decoding, that a
   * route is matched with (fastify's `maxParamLength`); a longer one answers
   * 414. A service whose routes take ids sets it from the longest valid id in
   * every form its routes take it (the escalation service: a breach id, plain
   * and base64url). Default 100, fastify's, enough for routes without ids.
   */
  longestRouteParameter?: number;
}

async function answerOf(check: ReadinessCheck, timeoutMs: number): Promise<ReadinessAnswer> {
  let timer: NodeJS.Timeout | undefined;
  const timeout = new Promise<ReadinessAnswer>((resolve) => {
    timer = setTimeout(
      () => resolve({ ready: false, detail: `no answer within ${timeoutMs} ms` }),
      timeoutMs,
    );
  });
  try {
    const answer = await Promise.race([
      check().then((result) => (typeof result === 'boolean' ? { ready: result } : result)),
      timeout,
    ]);
    return answer;
  } catch (error) {
    return { ready: false, detail: (error as Error).message };
  } finally {
    clearTimeout(timer);
  }
}

/**
 * Every service's HTTP face: /healthz (liveness only: the process answers),
 * /readyz (it can do its work now: consuming, Redis and the broker reachable;
 * each not-ready check says why) and /metrics. Services add their own
 * routes (the ops API) as fastify plugins on the returned instance.
 */
export function createServiceHttp(options: ServiceHttpOptions): FastifyInstance {
  // fastify's own request logs would flood the log at one scrape every few seconds.
  const app = Fastify({
    logger: false,
    routerOptions: { maxParamLength: options.longestRouteParameter ?? DEFAULT_LONGEST_ROUTE_PARAMETER },
  });

  app.get('/healthz', async () => ({ status: 'alive' }));

  app.get('/readyz', async (_request, reply) => {
    const results: Record<string, boolean> = {};
    const details: Record<string, string> = {};
    await Promise.all(
      Object.entries(options.readiness).map(async ([name, check]) => {
        const answer = await answerOf(check, options.checkTimeoutMs ?? CHECK_TIMEOUT_MS);
        results[name] = answer.ready;
        if (!answer.ready && answer.detail !== undefined) details[name] = answer.detail;
      }),
    );
    const ready = Object.values(results).every(Boolean);
    return reply.code(ready ? 200 : 503).send({
      status: ready ? 'ready' : 'not ready',
      checks: results,
      ...(Object.keys(details).length > 0 ? { details } : {}),
    });
  });

  app.get('/metrics', async (_request, reply) => {
    const body = await options.registry.metrics();
    return reply.header('content-type', options.registry.contentType).send(body);
  });

  return app;
}
