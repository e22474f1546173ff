import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { ByteReader, ByteWriter } from '../src/bytes.js';

describe('byte layout primitives', () => {
  it('round-trip varints, signed numbers, times and floats', () => {
    fc.assert(
      fc.property(
        fc.nat({ max: Number.MAX_SAFE_INTEGER }),
        fc.integer({ min: -(2 ** 50), max: 2 ** 50 }),
        fc.oneof(
          fc.integer({ min: -(2 ** 40), max: 2 ** 40 }),
          fc.integer({ min: -(2 ** 30), max: 2 ** 30 }).map((s) => s * 1000),
        ),
        fc.double({ noNaN: true }),
        (unsigned, signed, time, float) => {
          const writer = new ByteWriter();
          writer.varint(unsigned);
          writer.signed(signed);
          writer.time(time);
          writer.float(float);
          writer.uint32(0xdeadbeef);
          const reader = new ByteReader(writer.toBuffer());
          expect([reader.varint(), reader.signed(), reader.time(), reader.float(), reader.uint32()]).toEqual([
            unsigned,
            signed,
            time,
            float,
            0xdeadbeef,
          ]);
          expect(reader.done).toBe(true);
        },
      ),
      { numRuns: 200 },
    );
  });

  it('stores whole seconds compactly', () => {
    const writer = new ByteWriter();
    writer.time(3_600_000); // an hour: 4 bytes in milliseconds
    expect(writer.toBuffer().length).toBe(2);
  });

  it('refuses to read past the end', () => {
    expect(() => new ByteReader(new Uint8Array([0x80])).varint()).toThrow(RangeError);
  });
});
