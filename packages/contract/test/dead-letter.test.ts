import { describe, expect, it } from 'vitest';
import {
  deadLetterRecord,
  deadLetterRecordSchema,
  originalBytesOf,
  parseRecord,
  sampleEvent,
} from '../src/index.js';
import { OPTIONS, recordOf } from './records.js';

const REJECTED_AT = Date.parse('2026-11-29T08:00:00.123Z');

describe('deadLetterRecord', () => {
  it('keeps key, value and header bytes exactly, even when they are not UTF-8', () => {
    const key = Buffer.from([0x37, 0x37, 0xc3, 0x28, 0xff]);
    const value = Buffer.from([0x7b, 0x00, 0xfe, 0xff, 0x0a, 0x7d]);
    const headers = {
      'content-type': 'application/cloudevents+json',
      trace: Buffer.from([0xde, 0xad, 0xbe, 0xef]),
    };
    const dead = deadLetterRecord({
      reason: 'not_utf8',
      message: '(key): expected UTF-8 text, got an invalid UTF-8 byte sequence',
      topic: 'logistics.orders',
      partition: 7,
      offset: 12_345_678_901_234n,
      key,
      value,
      headers,
      rejectedAt: REJECTED_AT,
    });
    // Through JSON, as it travels on the dead-letter topic.
    const travelled = deadLetterRecordSchema.parse(JSON.parse(JSON.stringify(dead)));
    const original = originalBytesOf(travelled);
    expect(original.key?.equals(key)).toBe(true);
    expect(original.value?.equals(value)).toBe(true);
    expect(original.headers['content-type']?.toString('utf8')).toBe('application/cloudevents+json');
    expect(original.headers['trace']?.equals(headers.trace)).toBe(true);
    expect(travelled).toMatchObject({
      reason: 'not_utf8',
      source: { topic: 'logistics.orders', partition: 7, offset: '12345678901234' },
      rejectedAt: '2026-11-29T08:00:00.123Z',
      contractVersion: '1',
    });
    expect(travelled.key).toBe(key.toString('utf8'));
  });

  it('tells a missing key and a null value apart from empty ones', () => {
    const base = {
      reason: 'missing_key',
      message: 'm',
      topic: 't',
      partition: 0,
      offset: 0,
      rejectedAt: REJECTED_AT,
    };
    const absent = deadLetterRecord({ ...base, reason: 'missing_key', key: null, value: null });
    const empty = deadLetterRecord({
      ...base,
      reason: 'missing_key',
      key: Buffer.alloc(0),
      value: Buffer.alloc(0),
    });
    expect(absent).toMatchObject({ key: null, keyBase64: null, valueBase64: null, headers: {} });
    expect(empty).toMatchObject({ key: '', keyBase64: '', valueBase64: '' });
    expect(originalBytesOf(absent)).toEqual({ key: null, value: null, headers: {} });
    expect(originalBytesOf(empty).value).toEqual(Buffer.alloc(0));
  });

  it('keeps the first value of a repeated header and skips absent ones', () => {
    const dead = deadLetterRecord({
      reason: 'invalid_json',
      message: 'm',
      topic: 't',
      partition: 0,
      offset: '5',
      key: null,
      value: null,
      headers: { hop: [Buffer.from('a'), 'b'], gone: undefined },
      rejectedAt: new Date(REJECTED_AT),
    });
    expect(Object.keys(dead.headers)).toEqual(['hop']);
    expect(Buffer.from(dead.headers['hop']!, 'base64').toString()).toBe('a');
  });

  it('keeps a header literally named __proto__ as data', () => {
    const headers = JSON.parse('{"__proto__":"x"}') as Record<string, string>;
    const dead = deadLetterRecord({
      reason: 'invalid_json',
      message: 'm',
      topic: 't',
      partition: 0,
      offset: 1,
      key: null,
      value: null,
      headers,
      rejectedAt: REJECTED_AT,
    });
    expect(Object.hasOwn(dead.headers, '__proto__')).toBe(true);
    const replayed = originalBytesOf(dead).headers;
    expect(Object.hasOwn(replayed, '__proto__')).toBe(true);
    expect(Object.getOwnPropertyDescriptor(replayed, '__proto__')?.value?.toString()).toBe('x');
  });

  it('carries the rejection of a real refused record', () => {
    const record = recordOf({ ...sampleEvent('order.created'), data: { pieces: 'three' } } as never);
    const result = parseRecord(record, OPTIONS);
    if (result.ok) throw new Error('expected a rejection');
    const dead = deadLetterRecord({
      ...result,
      topic: 'logistics.orders',
      partition: 1,
      offset: 9,
      ...record,
      rejectedAt: REJECTED_AT,
    });
    expect(deadLetterRecordSchema.safeParse(dead).success).toBe(true);
    expect(dead.reason).toBe('invalid_data');
    expect(dead.message).toMatch(/^data\.orderId: /);
    expect(originalBytesOf(dead).value?.equals(record.value!)).toBe(true);
  });
});
