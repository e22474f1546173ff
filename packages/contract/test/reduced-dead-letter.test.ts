import { createHash } from 'node:crypto';
import { describe, expect, it } from 'vitest';
import {
  type DeadLetterInput,
  deadLetterRecord,
  deadLetterRecordSchema,
  originalBytesOf,
  REDUCED_HEAD_BYTES,
  REDUCED_KEY_BYTES,
  reducedDeadLetterRecord,
} from '../src/index.js';

const REJECTED_AT = Date.parse('2026-11-29T08:00:00.123Z');

function input(overrides: Partial<DeadLetterInput> = {}): DeadLetterInput {
  return {
    reason: 'too_large',
    message: '(value): expected at most 65536 bytes, got 2097152 bytes',
    topic: 'logistics.orders',
    partition: 2,
    offset: 12_345_678_901_234n,
    key: Buffer.from('773012345678'),
    value: Buffer.alloc(2 * 1024 * 1024, 0x61),
    headers: { trace: 'abc' },
    rejectedAt: REJECTED_AT,
    ...overrides,
  };
}

/** As it travels on the dead-letter topic. */
const travelled = (record: unknown) => deadLetterRecordSchema.parse(JSON.parse(JSON.stringify(record)));

describe('reducedDeadLetterRecord', () => {
  it('describes a 2 MB value by size, SHA-256 and its first bytes, and keeps where it is and why', () => {
    const value = Buffer.concat([Buffer.from('{"specversion":"1.0",'), Buffer.alloc(2 * 1024 * 1024, 0x20)]);
    const reduced = travelled(reducedDeadLetterRecord(input({ value })));
    expect(reduced).toMatchObject({
      reason: 'too_large',
      message: '(value): expected at most 65536 bytes, got 2097152 bytes',
      source: { topic: 'logistics.orders', partition: 2, offset: '12345678901234' },
      key: '773012345678',
      keyBase64: Buffer.from('773012345678').toString('base64'),
      valueBase64: null,
      reduced: true,
      valueBytes: value.length,
      valueSha256: createHash('sha256').update(value).digest('hex'),
      rejectedAt: '2026-11-29T08:00:00.123Z',
      contractVersion: '1',
    });
    const head = Buffer.from(reduced.valueHeadBase64!, 'base64');
    expect(head.length).toBe(REDUCED_HEAD_BYTES);
    expect(head.equals(value.subarray(0, REDUCED_HEAD_BYTES))).toBe(true);
    expect(Buffer.from(reduced.headers['trace']!, 'base64').toString()).toBe('abc');
  });

  it('stays small whatever the key, headers and message were', () => {
    const huge = 'x'.repeat(1024 * 1024);
    const reduced = reducedDeadLetterRecord(
      input({ key: Buffer.from(huge), headers: { big: huge }, message: `(value): ${huge}` }),
    );
    expect(Buffer.byteLength(JSON.stringify(reduced))).toBeLessThan(16 * 1024);
    expect(reduced).toMatchObject({ key: null, keyBase64: null, headers: {} });
    expect(reduced.message.length).toBeLessThanOrEqual(2000);
    expect(reduced.message.startsWith('(value): xxx')).toBe(true);
  });

  it('keeps a key up to the limit exactly', () => {
    const key = Buffer.alloc(REDUCED_KEY_BYTES, 0x37);
    expect(reducedDeadLetterRecord(input({ key })).keyBase64).toBe(key.toString('base64'));
  });

  it('describes a short value whole in its head, and a null value as zero bytes', () => {
    const short = reducedDeadLetterRecord(input({ value: Buffer.from('{}') }));
    expect(short).toMatchObject({ valueBytes: 2, valueHeadBase64: Buffer.from('{}').toString('base64') });
    const none = reducedDeadLetterRecord(input({ value: null }));
    expect(none).toMatchObject({ valueBytes: 0, valueHeadBase64: '' });
  });

  it('has no original bytes to replay: it names where the original is', () => {
    const reduced = travelled(reducedDeadLetterRecord(input()));
    expect(() => originalBytesOf(reduced)).toThrowError(
      /logistics\.orders partition 2 offset 12345678901234/,
    );
  });

  it('leaves whole copies as they were: no reduced fields', () => {
    const whole = travelled(deadLetterRecord(input({ value: Buffer.from('{}') })));
    expect(whole.reduced).toBeUndefined();
    expect(whole.valueSha256).toBeUndefined();
    expect(originalBytesOf(whole).value?.toString()).toBe('{}');
  });
});
