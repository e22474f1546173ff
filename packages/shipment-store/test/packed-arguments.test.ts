import { describe, expect, it } from 'vitest';
import { type PackedWrite, packWaybills, packWrites, unpackValues } from '../src/packed-arguments.js';

/** Reads the packing as commit.lua's `struct.unpack('>I4I4c0I4c0I4c0I4c0', …)` does. */
function unpack(packed: Buffer): Array<{ keyIndex: number; fields: Buffer[] }> {
  const writes: Array<{ keyIndex: number; fields: Buffer[] }> = [];
  let at = 0;
  while (at < packed.length) {
    const keyIndex = packed.readUInt32BE(at);
    at += 4;
    const fields: Buffer[] = [];
    for (let field = 0; field < 4; field++) {
      const length = packed.readUInt32BE(at);
      fields.push(packed.subarray(at + 4, at + 4 + length));
      at += 4 + length;
    }
    writes.push({ keyIndex, fields });
  }
  expect(at).toBe(packed.length);
  return writes;
}

describe('packWrites', () => {
  it('packs each write as its key index and four length-prefixed strings, absent values empty', () => {
    const writes: PackedWrite[] = [
      {
        keyIndex: 4,
        waybill: 'SF1234567890',
        bucket: '17',
        expected: undefined,
        next: Buffer.from([0, 1, 2]),
      },
      { keyIndex: 5, waybill: '顺丰-ü', bucket: '0', expected: Buffer.from([9, 9]), next: undefined },
      { keyIndex: 4, waybill: 'X', bucket: '17', expected: Buffer.alloc(0), next: Buffer.alloc(300, 7) },
    ];
    const unpacked = unpack(packWrites(writes));
    expect(unpacked.map((w) => w.keyIndex)).toEqual([4, 5, 4]);
    expect(unpacked.map((w) => w.fields.map((f) => f.toString('hex')))).toEqual(
      writes.map((w) => [
        Buffer.from(w.waybill).toString('hex'),
        Buffer.from(w.bucket).toString('hex'),
        (w.expected ?? Buffer.alloc(0)).toString('hex'),
        (w.next ?? Buffer.alloc(0)).toString('hex'),
      ]),
    );
  });

  it('packs no writes as no bytes', () => {
    expect(packWrites([]).length).toBe(0);
  });
});

describe('packWaybills', () => {
  it('packs each waybill as its key index and length-prefixed bytes', () => {
    const packed = packWaybills([
      { keyIndex: 1, waybill: 'SF1' },
      { keyIndex: 2, waybill: '顺丰' },
    ]);
    const expected = Buffer.concat([
      Buffer.from([0, 0, 0, 1, 0, 0, 0, 3]),
      Buffer.from('SF1'),
      Buffer.from([0, 0, 0, 2, 0, 0, 0, 6]),
      Buffer.from('顺丰'),
    ]);
    expect(packed.toString('hex')).toBe(expected.toString('hex'));
  });
});

describe('unpackValues', () => {
  const lengthOf = (n: number) => {
    const b = Buffer.alloc(4);
    b.writeInt32BE(n);
    return b;
  };

  it('reads each value, and -1 as none, in request order', () => {
    const reply = Buffer.concat([
      lengthOf(2),
      Buffer.from([7, 8]),
      lengthOf(-1),
      lengthOf(0),
      lengthOf(1),
      Buffer.from([9]),
    ]);
    expect(unpackValues(reply, 4)).toEqual([
      Buffer.from([7, 8]),
      undefined,
      Buffer.alloc(0),
      Buffer.from([9]),
    ]);
  });

  it('refuses a reply that does not hold exactly the values asked for', () => {
    const reply = Buffer.concat([lengthOf(1), Buffer.from([1]), lengthOf(-1)]);
    expect(() => unpackValues(reply, 1)).toThrow(/replied 9 bytes, 5 expected for 1 waybills/);
  });
});
