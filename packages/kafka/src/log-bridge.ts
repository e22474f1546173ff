import { createRequire } from 'node:module';
import { type logCreator, logLevel } from 'kafkajs';
import type { Logger } from 'pino';

type Level = 'error' | 'warn' | 'info' | 'debug' | 'trace';

// kafkajs keeps its table of Kafka error codes internal; it says which ones the client retries.
const { errorCodes } = createRequire(import.meta.url)('kafkajs/src/protocol/error') as {
  errorCodes: Array<{ message: string; retriable: boolean }>;
};
const RETRIABLE_MESSAGES = new Set(errorCodes.filter((e) => e.retriable).map((e) => e.message));

/** kafkajs lines it logs as errors that describe normal work: the group re-forming as members come and go. */
const ROUTINE = [/re-joining the group/, /^Offset out of range, resetting/];

/** `Crash: KafkaJSProtocolError: <a retriable broker answer>`: the consumer stops and kafkajs restarts it. */
function retriableCrash(message: string): boolean {
  const crash = /^Crash: KafkaJSProtocolError: (.*)$/.exec(message);
  return crash !== null && RETRIABLE_MESSAGES.has(crash[1]!);
}

/**
 * The level a kafkajs line really has. kafkajs logs at error level every
 * error response from a broker and every attempt it is about to retry, so a
 * normal start (a new group coordinator, a leader election) prints error
 * lines though nothing failed. Here: a broker's retriable answer, which the
 * client retries on its own, is debug; an attempt about to be retried (it
 * carries `retryCount`), or a consumer crash on a retriable answer that
 * kafkajs restarts from, is a warning; what the client gives up on stays an
 * error (retries exhausted, a non-retriable answer or crash).
 */
export function kafkaLogLevel(level: logLevel, message: string, extra: Record<string, unknown>): Level {
  switch (level) {
    case logLevel.ERROR: {
      const error = typeof extra['error'] === 'string' ? extra['error'] : undefined;
      if (message.startsWith('Response ') && error !== undefined && RETRIABLE_MESSAGES.has(error))
        return 'debug';
      if (typeof extra['retryCount'] === 'number') return 'warn';
      // A fresh broker's coordinator still loading crashes the consumer once; kafkajs restarts it at once.
      if (retriableCrash(message) || message.startsWith('Restarting the consumer in ')) return 'warn';
      if (ROUTINE.some((pattern) => pattern.test(message))) return 'info';
      return 'error';
    }
    case logLevel.WARN:
      return 'warn';
    case logLevel.INFO:
      // kafkajs's info lines are its lifecycle (connecting, joined the group, stopped): useful when debugging.
      return 'debug';
    default:
      return 'trace';
  }
}

/** Sends kafkajs's own log lines to the service's pino logger, at the level they really have. */
export function logBridge(logger: Logger): logCreator {
  return () => (entry) => {
    const { message, ...extra } = entry.log;
    const fields = { component: 'kafkajs', namespace: entry.namespace, ...extra };
    logger[kafkaLogLevel(entry.level, message, extra)](fields, message);
  };
}
