import { type ContractRecord, type EventType, topicFamilyOf } from '../src/index.js';

/** Test helper: the Kafka record an upstream system would publish for an event object. */
export function recordOf(event: { type: EventType; subject: string } & object): ContractRecord {
  return {
    key: Buffer.from(event.subject, 'utf8'),
    value: Buffer.from(JSON.stringify(event), 'utf8'),
    topicFamily: topicFamilyOf(event.type),
  };
}

export const NOW = Date.parse('2026-12-03T00:00:00Z');
export const OPTIONS = { maxBytes: 64 * 1024, maxFutureSkewMs: 5 * 60_000, now: NOW };
