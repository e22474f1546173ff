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

  it('writes text as UTF-8 after its byte length, and reads it back', () => {
    const texts = [
      '',
      'C-100482',
      'Shanghai',
      '上海',
      'Ürümqi',
      'courier-🚚',
      'x'.repeat(200),
      '\u{feff}bom',
      'a\u0000b',
    ];
    const writer = new ByteWriter();
    for (const text of texts) writer.text(text);
    const bytes = writer.toBuffer();
    const expected = Buffer.concat(
      texts.flatMap((text) => {
        const utf8 = Buffer.from(text, 'utf8');
        const length = new ByteWriter();
        length.varint(utf8.length);
        return [length.toBuffer(), utf8];
      }),
    );
    expect(bytes).toEqual(expected);
    const reader = new ByteReader(new Uint8Array(bytes));
    // TextDecoder drops a leading byte order mark, as reading always has.
    expect(texts.map(() => reader.text())).toEqual(texts.map((t) => t.replace(/^\u{feff}/u, '')));
    expect(reader.done).toBe(true);
  });

  it('leaves headroom in front, and reads from an offset', () => {
    const writer = new ByteWriter(3);
    writer.varint(300);
    const bytes = writer.toBuffer();
    expect(bytes.length).toBe(5);
    const reader = new ByteReader(bytes, 3);
    expect(reader.varint()).toBe(300);
    expect(reader.done).toBe(true);
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
