import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { isTimestamp, RFC3339_PATTERN, timestampMilliseconds } from '../src/index.js';

describe('timestampMilliseconds', () => {
  it.each([
    ['2026-11-29T08:00:00+08:00', '2026-11-29T00:00:00.000Z'],
    ['2026-11-29T00:00:00Z', '2026-11-29T00:00:00.000Z'],
    ['2026-11-28T23:30:00-00:30', '2026-11-29T00:00:00.000Z'],
    ['2026-11-29T00:00:00.5Z', '2026-11-29T00:00:00.500Z'],
    ['2026-11-29T00:00:00.009Z', '2026-11-29T00:00:00.009Z'],
    ['2026-11-29T00:00:00.123456789+00:00', '2026-11-29T00:00:00.123Z'],
    ['2024-02-29T12:00:00Z', '2024-02-29T12:00:00.000Z'],
    ['2000-02-29T12:00:00Z', '2000-02-29T12:00:00.000Z'],
    ['0050-06-01T00:00:00Z', '0050-06-01T00:00:00.000Z'],
  ])('reads %s as %s', (text, iso) => {
    expect(new Date(timestampMilliseconds(text)).toISOString()).toBe(iso);
  });

  it.each([
    '2026-11-29T08:00:00',
    '2026-11-29',
    '2026-11-29T08:00Z',
    '2026-11-29 08:00:00Z',
    '2026-11-29t08:00:00z',
    '2026-11-29T24:00:00Z',
    '2026-11-29T23:59:60Z',
    '2026-13-01T00:00:00Z',
    '2026-04-31T00:00:00Z',
    '2026-02-29T00:00:00Z',
    '1900-02-29T00:00:00Z',
    '2026-11-29T08:00:00+0800',
    '2026-11-29T08:00:00+24:00',
    '2026-11-29T08:00:00.Z',
    ' 2026-11-29T08:00:00Z',
  ])('refuses %s', (text) => {
    expect(Number.isNaN(timestampMilliseconds(text))).toBe(true);
    expect(isTimestamp(text)).toBe(false);
  });
});

describe('the hand-written reader', () => {
  /** The pattern's own reading, as the reader did before it was written by hand. */
  function byPattern(text: string): number {
    const match = RFC3339_PATTERN.exec(text);
    if (match === null) return Number.NaN;
    const [year, month, day, hours, minutes, seconds] = match.slice(1, 7).map(Number) as number[];
    const leap = (year! % 4 === 0 && year! % 100 !== 0) || year! % 400 === 0;
    const days = [31, leap ? 29 : 28, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31][month! - 1]!;
    if (day! > days) return Number.NaN;
    const iso = `${String(year).padStart(4, '0')}-${match[2]}-${match[3]}T${match[4]}:${match[5]}:${match[6]}.${`${match[7] ?? '.'}000`.slice(1, 4)}Z`;
    const local =
      year! < 100
        ? new Date(iso).getTime()
        : Date.UTC(
            year!,
            month! - 1,
            day!,
            hours!,
            minutes!,
            seconds!,
            Number(`${match[7] ?? '.'}000`.slice(1, 4)),
          );
    if (match[8] === 'Z') return local;
    const offset = (Number(match[10]) * 60 + Number(match[11])) * 60_000;
    return match[9] === '-' ? local + offset : local - offset;
  }

  it('accepts and reads exactly what RFC3339_PATTERN does', () => {
    const pieces = ['0', '1', '2', '3', '5', '9', '-', ':', 'T', 'Z', 'z', '.', '+', ' ', '٣'];
    const nearValid = fc
      .tuple(
        fc.constantFrom(
          '2026-11-29T08:00:00Z',
          '2024-02-29T23:59:59.123456789+08:00',
          '0050-06-01T00:00:00.5-00:30',
          '2026-12-31T23:59:59.9999999999Z',
        ),
        fc.array(fc.tuple(fc.nat({ max: 40 }), fc.constantFrom(...pieces), fc.boolean()), { maxLength: 3 }),
      )
      .map(([text, edits]) => {
        let out: string = text;
        for (const [at, piece, insert] of edits) {
          const i = at % (out.length + 1);
          out = insert ? out.slice(0, i) + piece + out.slice(i) : out.slice(0, i) + piece + out.slice(i + 1);
        }
        return out;
      });
    fc.assert(
      fc.property(fc.oneof(nearValid, fc.string({ maxLength: 40 })), (text) => {
        expect(timestampMilliseconds(text)).toBe(byPattern(text));
      }),
      { numRuns: 20_000 },
    );
  });
});
