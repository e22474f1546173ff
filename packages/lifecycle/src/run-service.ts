import type { FastifyInstance } from 'fastify';
import type { Logger } from 'pino';

export interface RunningService {
  /** Stops taking new work, finishes the batch in hand, commits and closes clients. */
  stop(): Promise<void>;
}

export interface ServiceDefinition {
  name: string;
  logger: Logger;
  http: FastifyInstance;
  host: string;
  port: number;
  start(): Promise<RunningService>;
  /** A stop that takes longer is cut short: the orchestrator would kill us anyway. */
  shutdownTimeoutMs?: number;
}

/**
 * Starts a service and its HTTP server, and stops both on SIGTERM or SIGINT.
 * Errors during start-up exit with status 1 after logging why; a second
 * signal during shutdown exits at once.
 */
export async function runService(definition: ServiceDefinition): Promise<void> {
  const { logger } = definition;
  let running: RunningService | undefined;
  let stopping = false;

  const shutdown = async (signal: string) => {
    if (stopping) {
      logger.warn({ signal }, 'second signal: exiting now');
      process.exit(1);
    }
    stopping = true;
    logger.info({ signal }, 'shutting down');
    const timer = setTimeout(() => {
      logger.error('shutdown took too long; exiting');
      process.exit(1);
    }, definition.shutdownTimeoutMs ?? 25_000);
    timer.unref();
    try {
      await running?.stop();
      await definition.http.close();
      logger.info('stopped cleanly');
      logger.flush?.();
      process.exit(0);
    } catch (error) {
      logger.error({ err: error }, 'error during shutdown');
      process.exit(1);
    }
  };
  process.on('SIGTERM', () => void shutdown('SIGTERM'));
  process.on('SIGINT', () => void shutdown('SIGINT'));

  try {
    await definition.http.listen({ host: definition.host, port: definition.port });
    logger.info({ url: `http://${definition.host}:${definition.port}` }, `${definition.name} http listening`);
    running = await definition.start();
    logger.info(`${definition.name} started`);
  } catch (error) {
    logger.fatal({ err: error }, `${definition.name} failed to start`);
    process.exitCode = 1;
    await definition.http.close().catch(() => undefined);
    setTimeout(() => process.exit(1), 200).unref();
  }
}
