import { describe, expect, it } from 'vitest';
import { decodeStored, encodeStored, NEXT_DUE_BYTES, readNextDue, writeNextDue } from '../src/index.js';

describe('the stored value', () => {
  const state = Buffer.from([1, 2, 3, 0xff]);

  it('is the same bytes whether the state is copied in or encoded behind room left for the due time', () => {
    for (const nextDueMs of [0, -5, 1_700_000_000_123.7, 2 ** 40, 2 ** 48 - 1]) {
      const inPlace = Buffer.concat([Buffer.alloc(NEXT_DUE_BYTES, 0xee), state]);
      const copied = encodeStored({ nextDueMs, state });
      expect(writeNextDue(inPlace, nextDueMs)).toEqual(copied);
      expect(readNextDue(copied)).toBe(Math.max(0, Math.trunc(nextDueMs)));
      expect(decodeStored(copied)).toEqual({ nextDueMs: readNextDue(copied), state });
    }
  });
});
