import { ConfigurationError, type Environment, loadEnvironment } from '@slawatch/config';
import { createLogger, type Logger } from '@slawatch/logger';
import { ConfigFileError } from '@slawatch/validation';
import type { FastifyInstance } from 'fastify';
import { type RunningService, runService } from './run-service.js';

export interface ServiceParts {
  http: FastifyInstance;
  start(): Promise<RunningService>;
}

export interface ServiceEntry {
  name: string;
  defaultPort: number;
  create(env: Environment, logger: Logger): ServiceParts;
  /** More error classes that mean "the configuration is wrong" (exit 2 with the message). */
  configurationErrors?: Array<new (...args: never[]) => Error>;
}

/**
 * A service's whole main: read and check the environment, build the service,
 * run it until SIGTERM. A configuration problem (a variable, a file) exits
 * with status 2 and a message naming it, before anything connects.
 */
export async function runFromEnvironment(entry: ServiceEntry): Promise<void> {
  const configurationErrors = [ConfigurationError, ConfigFileError, ...(entry.configurationErrors ?? [])];
  try {
    const env = loadEnvironment(process.env, { HTTP_PORT: String(entry.defaultPort) });
    const logger = createLogger({ name: entry.name, level: env.LOG_LEVEL, format: env.LOG_FORMAT });
    const service = entry.create(env, logger);
    await runService({
      name: entry.name,
      logger,
      http: service.http,
      host: env.HTTP_HOST,
      port: env.HTTP_PORT ?? entry.defaultPort,
      start: () => service.start(),
    });
  } catch (error) {
    if (configurationErrors.some((type) => error instanceof type)) {
      console.error(`${entry.name}: ${(error as Error).message}`);
      process.exit(2);
    }
    throw error;
  }
}
