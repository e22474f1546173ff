import { ConfigurationError, loadEnvironment } from '@slawatch/config';
import { runService } from '@slawatch/lifecycle';
import { createLogger } from '@slawatch/logger';
import { FaultProfileError } from '@slawatch/network-simulation';
import { ConfigFileError } from '@slawatch/validation';
import { createSimulator } from './simulator.js';

try {
  const env = loadEnvironment(process.env, { HTTP_PORT: '9103' });
  const logger = createLogger({ name: 'simulator', level: env.LOG_LEVEL, format: env.LOG_FORMAT });
  const simulator = createSimulator(env, logger);
  await runService({
    name: 'simulator',
    logger,
    http: simulator.http,
    host: env.HTTP_HOST,
    port: env.HTTP_PORT ?? 9103,
    start: simulator.start,
  });
} catch (error) {
  if (
    error instanceof ConfigurationError ||
    error instanceof ConfigFileError ||
    error instanceof FaultProfileError
  ) {
    console.error(`simulator: ${error.message}`);
    process.exit(2);
  }
  throw error;
}
