import { ConfigurationError, loadEnvironment } from '@slawatch/config';
import { runService } from '@slawatch/lifecycle';
import { createLogger } from '@slawatch/logger';
import { ConfigFileError } from '@slawatch/validation';
import { createEscalationService, DEFAULT_PORT } from './escalation-service.js';

try {
  const env = loadEnvironment(process.env, { HTTP_PORT: String(DEFAULT_PORT) });
  const logger = createLogger({ name: 'escalation', level: env.LOG_LEVEL, format: env.LOG_FORMAT });
  const service = createEscalationService(env, logger);
  await runService({
    name: 'escalation',
    logger,
    http: service.http,
    host: env.HTTP_HOST,
    port: env.HTTP_PORT ?? DEFAULT_PORT,
    start: service.start,
  });
} catch (error) {
  if (error instanceof ConfigurationError || error instanceof ConfigFileError) {
    console.error(`escalation: ${error.message}`);
    process.exit(2);
  }
  throw error;
}
