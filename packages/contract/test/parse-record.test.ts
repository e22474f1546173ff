import { describe, expect, it } from 'vitest';
import {
  EVENT_TYPES,
  IN_STATE_REJECTION_REASONS,
  parseRecord,
  REJECTION_REASONS,
  SAMPLE_WAYBILL,
  sampleEvent,
  topicFamilyOf,
  validateEvent,
} from '../src/index.js';
import { validateArrived } from '../src/validate-event.js';
import { MALFORMED_CASES } from './malformed-cases.js';
import { NOW, OPTIONS, recordOf } from './records.js';

const DAY_MS = 86_400_000;

describe('parseRecord accepts', () => {
  it.each(EVENT_TYPES)('the sample %s, unchanged, with its time in milliseconds', (type) => {
    const event = sampleEvent(type);
    const result = parseRecord(recordOf(event), OPTIONS);
    expect(result).toEqual({ ok: true, event, timeMs: Date.parse(event.time) });
  });

  it('an event without the optional attributes', () => {
    const { datacontenttype: _, ...event } = sampleEvent('order.cancelled');
    const bare = { ...event, data: {} };
    expect(parseRecord(recordOf(bare), OPTIONS)).toEqual({
      ok: true,
      event: bare,
      timeMs: Date.parse(event.time),
    });
  });

  it('unknown attributes and unknown data fields, and drops them (v1 compatibility rule)', () => {
    const event = sampleEvent('dispatch.picked_up');
    const extended = {
      ...event,
      traceparent: '00-4bf92f3577b34da6a3ce929d0e0e4736-00f067aa0ba902b7-01',
      data: { ...event.data, vehicle: 'ZJ-A12345', origin: { lat: 30.4 } },
    };
    const result = parseRecord(recordOf(extended), OPTIONS);
    expect(result).toEqual({ ok: true, event, timeMs: Date.parse(event.time) });
  });

  it('a time in UTC written with Z, and one with a negative offset and a fraction', () => {
    for (const time of ['2026-11-29T00:00:00Z', '2026-11-28T19:00:00.250-05:00']) {
      const result = parseRecord(recordOf(sampleEvent('order.created', { time })), OPTIONS);
      expect(result).toMatchObject({ ok: true, timeMs: Date.parse(time) });
    }
  });

  it('a time exactly at the allowed clock skew ahead of now', () => {
    const time = new Date(NOW + OPTIONS.maxFutureSkewMs).toISOString();
    expect(parseRecord(recordOf(sampleEvent('order.created', { time })), OPTIONS).ok).toBe(true);
  });

  it('a value exactly at the size limit', () => {
    const record = recordOf(sampleEvent('order.created'));
    const maxBytes = record.value!.length;
    expect(parseRecord(record, { ...OPTIONS, maxBytes }).ok).toBe(true);
  });

  it('a value with a UTF-8 byte-order mark and Chinese text', () => {
    const event = sampleEvent('order.created', {
      data: { origin: { province: '浙江省', city: '杭州市', district: '余杭区' } },
    });
    const record = recordOf(event);
    const withMark = { ...record, value: Buffer.concat([Buffer.from([0xef, 0xbb, 0xbf]), record.value!]) };
    expect(parseRecord(withMark, OPTIONS)).toMatchObject({ ok: true, event });
  });
});

describe('parseRecord refuses', () => {
  it('has at least 25 malformed cases covering every reason', () => {
    expect(MALFORMED_CASES.length).toBeGreaterThanOrEqual(25);
    const parsed = REJECTION_REASONS.filter((reason) => !IN_STATE_REJECTION_REASONS.includes(reason));
    expect(new Set(MALFORMED_CASES.map((c) => c.reason))).toEqual(new Set(parsed));
  });

  it.each(MALFORMED_CASES)('$name: $reason at $path', (malformed) => {
    const options = malformed.maxBytes === undefined ? OPTIONS : { ...OPTIONS, maxBytes: malformed.maxBytes };
    const result = parseRecord(malformed.record, options);
    expect(result.ok).toBe(false);
    if (result.ok) return;
    expect(result.reason).toBe(malformed.reason);
    expect(result.message.startsWith(`${malformed.path}: `)).toBe(true);
    expect(result.message).toMatch(/expected .*, got /);
    // Each case breaks one thing, so exactly one problem must be reported (no echoes of the same one).
    expect(result.message.split('; ')).toHaveLength(1);
    if (malformed.says) expect(result.message).toMatch(malformed.says);
  });

  it('names every problem of a broken envelope, not just the first', () => {
    const event = { ...sampleEvent('order.created'), specversion: '0.3', source: 7 };
    const result = validateEvent(event);
    expect(result).toMatchObject({ ok: false, reason: 'invalid_envelope' });
    if (result.ok) return;
    expect(result.message).toMatch(
      /^specversion: expected "1\.0" .*; source: expected a non-empty string.*got 7$/,
    );
  });

  it('reports a broken envelope before a bad time', () => {
    const event = { ...sampleEvent('order.created'), id: '', time: 'yesterday' };
    expect(validateEvent(event)).toMatchObject({ ok: false, reason: 'invalid_envelope' });
  });
});

describe('the consent rule of delivery.delivered', () => {
  const delivered = (data: Record<string, unknown>) => {
    const event = sampleEvent('delivery.delivered') as unknown as { data: Record<string, unknown> };
    event.data = { pieces: 2, condition: 'intact', ...data };
    return parseRecord(recordOf(event as unknown as ReturnType<typeof sampleEvent>), OPTIONS);
  };

  it('does not ask for consent when the recipient signs in person', () => {
    expect(delivered({ handover: 'recipient' }).ok).toBe(true);
    expect(delivered({ handover: 'recipient', consented: false }).ok).toBe(true);
  });

  it.each(['proxy', 'locker', 'station'])('requires consent to be stated for %s hand-over', (handover) => {
    expect(delivered({ handover })).toMatchObject({ ok: false, reason: 'invalid_data' });
    expect(delivered({ handover, consented: 'yes' })).toMatchObject({
      ok: false,
      message: 'data.consented: expected true or false (required unless handover is recipient), got "yes"',
    });
  });

  it('accepts a stated refusal: the contract carries it, the standard flags it', () => {
    const result = delivered({ handover: 'station', consented: false });
    expect(result).toMatchObject({ ok: true, event: { data: { handover: 'station', consented: false } } });
  });
});

describe('validateEvent', () => {
  it('makes only the checks it is given inputs for', () => {
    const event = sampleEvent('delivery.exception', { subject: 'STO1234', time: '2099-01-01T00:00:00Z' });
    expect(validateEvent(event).ok).toBe(true);
    expect(validateEvent(event, 'STO1234').ok).toBe(true);
    expect(validateEvent(event, SAMPLE_WAYBILL)).toMatchObject({ ok: false, reason: 'key_mismatch' });
    expect(validateEvent(event, undefined, { topicFamily: 'orders' })).toMatchObject({
      reason: 'wrong_topic',
    });
    expect(validateEvent(event, undefined, { now: NOW, maxFutureSkewMs: 0 })).toMatchObject({
      reason: 'time_in_future',
    });
  });

  it('checks the key before the data, so a mis-keyed record is reported as such', () => {
    const event = { ...sampleEvent('order.created'), data: { pieces: 'three' } };
    expect(validateEvent(event, 'other')).toMatchObject({ reason: 'key_mismatch' });
    expect(validateEvent(event)).toMatchObject({ reason: 'invalid_data' });
  });

  it('reports at most five problems and counts the rest', () => {
    const result = validateEvent({ ...sampleEvent('order.created'), data: {} });
    expect(result.ok).toBe(false);
    if (result.ok) return;
    expect(result.message.split('; ')).toHaveLength(6);
    expect(result.message).toMatch(/; and 2 more$/);
  });

  it('decides as validateArrived does, the topic family given apart from the clock checks', () => {
    const clock = { now: NOW, maxFutureSkewMs: 0, plausibility: { maxAgeMs: DAY_MS } };
    const values = [
      ...EVENT_TYPES.map((type) => sampleEvent(type, { time: new Date(NOW - 2 * DAY_MS).toISOString() })),
      ...EVENT_TYPES.map((type) => sampleEvent(type, { time: new Date(NOW + 1000).toISOString() })),
      ...MALFORMED_CASES.flatMap((malformed) => (malformed.value ? [malformed.value] : [])),
    ];
    for (const value of values) {
      for (const topicFamily of [undefined, 'orders', 'delivery'] as const) {
        for (const key of [undefined, SAMPLE_WAYBILL]) {
          expect(validateArrived(value, key, topicFamily, clock)).toEqual(
            validateEvent(value, key, { ...clock, topicFamily }),
          );
        }
      }
    }
  });

  it('puts each type on the topic family its prefix names', () => {
    for (const type of EVENT_TYPES) {
      const family = topicFamilyOf(type);
      expect(type.split('.')[0]).toBe(family === 'orders' ? 'order' : family);
    }
  });
});
