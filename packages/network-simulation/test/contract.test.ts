import { parseRecord, type RejectionReason } from '@slawatch/contract';
import { describe, expect, it } from 'vitest';
import { MALFORMED_KINDS, type MalformedKind, type SimulatedRecord } from '../src/index.js';
import { malformedRecord } from '../src/records.js';
import { DEFAULT_STANDARDS, DEMO_STANDARDS, testScenario } from './support.js';

function parse(record: SimulatedRecord) {
  return parseRecord(
    { key: Buffer.from(record.key), value: Buffer.from(record.value), topicFamily: record.topicFamily },
    // No clock skew allowed: a record published at its time must not be in the future.
    { maxBytes: 65_536, maxFutureSkewMs: 0, now: record.publishAtMs },
  );
}

describe('the records of a scenario', () => {
  it.each([
    ['demo', DEMO_STANDARDS],
    ['default', DEFAULT_STANDARDS],
  ] as const)(
    'with the %s standards are contract v1 events when valid, and refused when malformed',
    (_, standards) => {
      const { records, shipments } = testScenario({ seed: 21, shipments: 400, faults: 'chaos', standards });
      const events = new Map(shipments.flatMap((s) => s.plan.events.map((e) => [e.id, e] as const)));
      let malformed = 0;
      for (const record of records) {
        const result = parse(record);
        if (!record.valid) {
          malformed++;
          expect(result.ok, String(record.value)).toBe(false);
          continue;
        }
        if (!result.ok) throw new Error(`${result.reason}: ${result.message} in ${String(record.value)}`);
        const planned = events.get(record.eventId!)!;
        expect(result.event.subject).toBe(record.key);
        expect(result.event.type).toBe(planned.type);
        expect(result.timeMs).toBe(planned.timeMs);
      }
      expect(malformed).toBeGreaterThan(20);
    },
  );
});

const EXPECTED_REASON: Record<MalformedKind, RejectionReason> = {
  invalid_json: 'invalid_json',
  not_utf8: 'not_utf8',
  missing_data: 'invalid_data',
  key_mismatch: 'key_mismatch',
  wrong_topic: 'wrong_topic',
  unknown_type: 'unknown_type',
  invalid_time: 'invalid_time',
};

describe('malformedRecord', () => {
  const { shipments } = testScenario({ seed: 2, shipments: 1, faults: 'none' });
  const shipment = shipments[0]!;

  it.each(MALFORMED_KINDS)('%s is refused for the reason it was made for, from every event type', (kind) => {
    for (const event of shipment.plan.events) {
      const result = parse(malformedRecord(shipment.plan.waybill, event, kind, event.timeMs));
      expect(result.ok ? 'accepted' : result.reason).toBe(EXPECTED_REASON[kind]);
    }
  });
});
