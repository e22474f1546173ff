/**
 * Personal data that events may carry (contract v1: recipient and sender
 * name and phone, street addresses). pino's redaction wildcards match one
 * level each, so the paths are spelled out for the depths at which events
 * are logged: the event itself, `event`, `event.data`, and one more level.
 */
const PERSONAL_FIELDS = [
  'recipient.name',
  'recipient.phone',
  'sender.name',
  'sender.phone',
  'origin.address',
  'destination.address',
];

const PREFIXES = ['', '*.', '*.*.', '*.*.*.'];

export const REDACTED_PATHS: string[] = PREFIXES.flatMap((prefix) => PERSONAL_FIELDS.map((f) => prefix + f));

export const REDACTION_CENSOR = '[personal data]';
