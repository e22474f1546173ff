import { describe, expect, it } from 'vitest';
import { packWaybills, unpackValues } from '../src/packed-waybills.js';

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
