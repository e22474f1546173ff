import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { EVENT_TYPES, type EventType, HANDOVERS, parseRecord, sampleEvent } from '../src/index.js';
import { recordOf } from './records.js';

const identifier = fc
  .string({ unit: 'grapheme', minLength: 1, maxLength: 24 })
  .filter((text) => text.length <= 128);

/** An RFC 3339 time with a random offset, and the instant it denotes. */
const timeWithOffset = fc
  .record({
    instant: fc.integer({ min: Date.parse('2000-01-01T00:00:00Z'), max: Date.parse('2099-12-31T00:00:00Z') }),
    offsetQuarterHours: fc.integer({ min: -14 * 4, max: 14 * 4 }),
    withMilliseconds: fc.boolean(),
  })
  .map(({ instant, offsetQuarterHours, withMilliseconds }) => {
    const exact = withMilliseconds ? instant : instant - (instant % 1000);
    const offsetMinutes = offsetQuarterHours * 15;
    const local = new Date(exact + offsetMinutes * 60_000).toISOString();
    const absolute = Math.abs(offsetMinutes);
    const offset =
      offsetMinutes === 0
        ? 'Z'
        : `${offsetMinutes < 0 ? '-' : '+'}${String(Math.floor(absolute / 60)).padStart(2, '0')}:${String(absolute % 60).padStart(2, '0')}`;
    return { time: `${local.slice(0, withMilliseconds ? 23 : 19)}${offset}`, instant: exact };
  });

/** Replacements for the data fields a type has, each drawn from that field's valid values. */
const dataChanges = fc.record({
  pieces: fc.integer({ min: 1, max: 10_000 }),
  quantityShort: fc.integer({ min: 1, max: 1_000 }),
  amountCny: fc.double({ min: 0, max: 1e7, noNaN: true, noDefaultInfinity: true }),
  weightKg: fc.double({ min: 0.001, max: 1e4, noNaN: true, noDefaultInfinity: true }),
  courierId: identifier,
  complaintId: identifier,
  claimId: identifier,
  handover: fc.constantFrom(...HANDOVERS),
  consented: fc.boolean(),
});

function validEvent(type: EventType, changes: Record<string, unknown>) {
  const data: Record<string, unknown> = { ...sampleEvent(type).data };
  for (const field of Object.keys(data)) if (field in changes) data[field] = changes[field];
  if (type === 'delivery.delivered') data['handover'] = changes['handover'];
  return data;
}

describe('parseRecord, property', () => {
  it('returns any valid event unchanged after a JSON round trip, with the instant its time denotes', () => {
    fc.assert(
      fc.property(
        fc.constantFrom(...EVENT_TYPES),
        fc.record({
          id: identifier,
          source: identifier,
          subject: fc.stringMatching(/^[A-Za-z0-9_-]{1,64}$/),
          time: timeWithOffset,
        }),
        dataChanges,
        (type, envelope, changes) => {
          const event = sampleEvent(type, {
            id: envelope.id,
            source: envelope.source,
            subject: envelope.subject,
            time: envelope.time.time,
            data: validEvent(type, changes) as never,
          });
          const result = parseRecord(recordOf(event), {
            maxBytes: 64 * 1024,
            maxFutureSkewMs: 0,
            now: Date.parse('2100-01-01T00:00:00Z'),
            // Any instant round-trips here; which instants are plausible is tested on its own.
            plausibility: { maxAgeMs: Number.MAX_SAFE_INTEGER, maxPromiseAheadMs: Number.MAX_SAFE_INTEGER },
          });
          expect(result).toEqual({ ok: true, event, timeMs: envelope.time.instant });
        },
      ),
      { numRuns: 200 },
    );
  });
});
