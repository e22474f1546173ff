import { type Logger, type LoggerOptions, pino } from 'pino';
import { REDACTED_PATHS, REDACTION_CENSOR } from './redaction.js';

export type { Logger } from 'pino';

export interface LoggerSettings {
  name: string;
  level?: string;
  /** `auto` picks pretty output when stdout is a terminal, JSON otherwise. */
  format?: 'json' | 'pretty' | 'auto';
  /** Where JSON lines go; tests pass a stream to read what was logged. */
  destination?: NodeJS.WritableStream;
}

export function createLogger(settings: LoggerSettings): Logger {
  const format = settings.format ?? 'auto';
  const pretty = format === 'pretty' || (format === 'auto' && process.stdout.isTTY === true);
  const options: LoggerOptions = {
    name: settings.name,
    level: settings.level ?? 'info',
    redact: { paths: REDACTED_PATHS, censor: REDACTION_CENSOR },
    timestamp: pino.stdTimeFunctions.isoTime,
    formatters: { level: (label) => ({ level: label }) },
  };
  if (pretty && !settings.destination) {
    return pino({
      ...options,
      transport: { target: 'pino-pretty', options: { colorize: true, translateTime: 'SYS:HH:MM:ss.l' } },
    });
  }
  return settings.destination ? pino(options, settings.destination) : pino(options);
}
