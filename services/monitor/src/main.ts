import { ConfigurationError, loadEnvironment } from '@slawatch/config';
import { runService } from '@slawatch/lifecycle';
import { createLogger } from '@slawatch/logger';
import { ConfigFileError } from '@slawatch/validation';
import { createMonitor } from './monitor.js';

try {
  const env = loadEnvironment(process.env, { HTTP_PORT: '9101' });
  const logger = createLogger({ name: 'monitor', level: env.LOG_LEVEL, format: env.LOG_FORMAT });
  const monitor = createMonitor(env, logger);
  await runService({
    name: 'monitor',
    logger,
    http: monitor.http,
    host: env.HTTP_HOST,
    port: env.HTTP_PORT ?? 9101,
    start: monitor.start,
  });
} catch (error) {
  if (error instanceof ConfigurationError || error instanceof ConfigFileError) {
    console.error(`monitor: ${error.message}`);
    process.exit(2);
  }
  throw error;
}
