export { createLogger, type Logger, type LoggerSettings } from './create-logger.js';
export { REDACTED_PATHS, REDACTION_CENSOR } from './redaction.js';
