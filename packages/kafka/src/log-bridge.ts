import { type logCreator, logLevel } from 'kafkajs';
import type { Logger } from 'pino';

/** Sends kafkajs's own log lines to the service's pino logger. */
export function logBridge(logger: Logger): logCreator {
  return () => (entry) => {
    const { message, ...extra } = entry.log;
    const fields = { component: 'kafkajs', namespace: entry.namespace, ...extra };
    switch (entry.level) {
      case logLevel.ERROR:
        logger.error(fields, message);
        break;
      case logLevel.WARN:
        logger.warn(fields, message);
        break;
      case logLevel.INFO:
        logger.debug(fields, message);
        break;
      default:
        logger.trace(fields, message);
    }
  };
}
