import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { truncateUtf8, utf8Length } from '../src/index.js';

const strictUtf8 = new TextDecoder('utf-8', { fatal: true });

describe('truncateUtf8', () => {
  it('keeps text that fits unchanged', () => {
    expect(truncateUtf8('超时 2小时', 100)).toBe('超时 2小时');
  });

  it('never splits a three-byte character', () => {
    // '超' is 3 bytes, '…' is 3 bytes: 10 bytes hold two characters and the ellipsis.
    expect(truncateUtf8('超超超超超', 10)).toBe('超超…');
    expect(truncateUtf8('超超超超超', 11)).toBe('超超…');
    expect(truncateUtf8('超超超超超', 12)).toBe('超超超…');
  });

  it('never splits a four-byte character (surrogate pair)', () => {
    expect(truncateUtf8('🚚🚚🚚', 10)).toBe('🚚…');
  });

  it('always fits, stays valid UTF-8 and keeps a prefix of the original', () => {
    fc.assert(
      fc.property(
        fc.string({ unit: 'grapheme', maxLength: 200 }),
        fc.integer({ min: 3, max: 400 }),
        (text, maxBytes) => {
          const cut = truncateUtf8(text, maxBytes);
          const bytes = new TextEncoder().encode(cut);
          expect(bytes.length).toBeLessThanOrEqual(maxBytes);
          expect(strictUtf8.decode(bytes)).toBe(cut);
          if (cut === text) expect(utf8Length(text)).toBeLessThanOrEqual(maxBytes);
          else expect(text.startsWith(cut.slice(0, -1))).toBe(true);
        },
      ),
      { numRuns: 200 },
    );
  });
});
