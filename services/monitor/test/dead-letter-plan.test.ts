import { type DeadLetterInput, deadLetterRecordSchema } from '@slawatch/contract';
import { describe, expect, it } from 'vitest';
import { chunksWithin, planDeadLetter } from '../src/dead-letter-writer.js';
import { deadLetterBytesFor } from '../src/topology.js';

const MB = 1024 * 1024;

function refused(valueBytes: number, offset = 7): DeadLetterInput {
  return {
    reason: 'too_large',
    message: `(value): expected at most 65536 bytes, got ${valueBytes} bytes`,
    topic: 'logistics.orders',
    partition: 1,
    offset,
    key: Buffer.from('773012345678'),
    value: Buffer.alloc(valueBytes, 0x7b),
    rejectedAt: Date.parse('2026-11-29T08:00:00Z'),
  };
}

const letterOf = (value: string | Buffer) => deadLetterRecordSchema.parse(JSON.parse(String(value)));

describe('planDeadLetter', () => {
  it('copies a record whole when the copy fits the dead-letter topic', () => {
    const plan = planDeadLetter(refused(600 * 1024), MB);
    expect(plan.reduced).toBe(false);
    expect(letterOf(plan.record.value).valueBase64).toBe(Buffer.alloc(600 * 1024, 0x7b).toString('base64'));
    expect(plan.record.key?.toString()).toBe('773012345678');
  });

  it('reduces a 2 MB record for a 1 MB topic, and a 900 KB one (base64 makes it 1.2 MB)', () => {
    for (const size of [2 * MB, 900 * 1024]) {
      const plan = planDeadLetter(refused(size), MB);
      expect(plan.reduced).toBe(true);
      expect(plan.bytes).toBeLessThan(16 * 1024);
      expect(letterOf(plan.record.value)).toMatchObject({
        reduced: true,
        valueBytes: size,
        valueBase64: null,
      });
    }
  });

  it('reduces at the exact boundary where the whole copy would no longer fit', () => {
    const whole = planDeadLetter(refused(1000), MB);
    const limit = whole.bytes + 128;
    expect(planDeadLetter(refused(1000), limit).reduced).toBe(false);
    expect(planDeadLetter(refused(1000), limit - 1).reduced).toBe(true);
  });

  it('gives a reduced copy no Kafka key when the key itself is too large', () => {
    const plan = planDeadLetter({ ...refused(10), key: Buffer.alloc(2 * MB, 0x37) }, MB);
    expect(plan).toMatchObject({ reduced: true, record: { key: null } });
  });
});

describe('chunksWithin', () => {
  it('splits dead letters in order into sends that each stay under the limit', () => {
    const letters = [1, 2, 3, 4, 5].map((i) => planDeadLetter(refused(300 * 1024, i), MB));
    const chunks = chunksWithin(letters, MB);
    expect(chunks.flat()).toEqual(letters);
    expect(chunks.length).toBeGreaterThan(1);
    for (const chunk of chunks) expect(chunk.reduce((sum, l) => sum + l.bytes, 128)).toBeLessThanOrEqual(MB);
  });

  it('sends small dead letters together', () => {
    const letters = [1, 2, 3].map((i) => planDeadLetter(refused(100, i), MB));
    expect(chunksWithin(letters, MB)).toEqual([letters]);
  });
});

describe('deadLetterBytesFor', () => {
  it('asks for room for the base64 value of the largest input record and its surroundings', () => {
    expect(deadLetterBytesFor(3 * MB)).toBe(4 * MB + 64 * 1024);
    expect(deadLetterBytesFor(1_048_588)).toBeGreaterThan(Math.ceil((1_048_588 * 4) / 3));
  });
});
