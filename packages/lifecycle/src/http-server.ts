import Fastify, { type FastifyInstance } from 'fastify';
import type { Logger } from 'pino';
import type { Registry } from 'prom-client';

export type ReadinessCheck = () => Promise<boolean>;

export interface ServiceHttpOptions {
  host: string;
  port: number;
  logger: Logger;
  registry: Registry;
  /** Named checks; /readyz answers 200 only when every one answers true. */
  readiness: Record<string, ReadinessCheck>;
}

/**
 * Every service's HTTP face: /healthz (the process is alive), /readyz (its
 * Kafka and Redis connections work) and /metrics. Services add their own
 * routes (the ops API) as fastify plugins on the returned instance.
 */
export function createServiceHttp(options: ServiceHttpOptions): FastifyInstance {
  // fastify's own request logs would flood the log at one scrape every few seconds.
  const app = Fastify({ logger: false });

  app.get('/healthz', async () => ({ status: 'alive' }));

  app.get('/readyz', async (_request, reply) => {
    const results: Record<string, boolean> = {};
    await Promise.all(
      Object.entries(options.readiness).map(async ([name, check]) => {
        results[name] = await check().catch(() => false);
      }),
    );
    const ready = Object.values(results).every(Boolean);
    return reply.code(ready ? 200 : 503).send({ status: ready ? 'ready' : 'not ready', checks: results });
  });

  app.get('/metrics', async (_request, reply) => {
    const body = await options.registry.metrics();
    return reply.header('content-type', options.registry.contentType).send(body);
  });

  return app;
}
