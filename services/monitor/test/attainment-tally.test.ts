import { describe, expect, it } from 'vitest';
import { type AttainmentDays, AttainmentTally } from '../src/attainment-tally.js';

const change = (day: string, segment: string, deltas: Record<string, number>) => ({
  day,
  standard: 'pickup_on_time',
  segment,
  product: 'standard',
  route: 'same_city' as const,
  deltas,
});

describe('attainment tally', () => {
  it('sums a batch per order day into one increment a day, expiring the retention after the day', () => {
    const days: AttainmentDays = new Map();
    new AttainmentTally(400).add(days, [
      change('2026-11-02', 'sme', { judged: 1, met: 1 }),
      change('2026-11-02', 'sme', { judged: 1, 'breached.breach': 1 }),
      change('2026-11-02', 'individual', { met: -1 }),
      change('2026-11-03', 'sme', { judged: 1 }),
    ]);
    const increments = [...days.values()];
    expect(increments.map((i) => i.day)).toEqual(['2026-11-02', '2026-11-03']);
    expect(Object.fromEntries(increments[0]!.increments)).toEqual({
      'pickup_on_time|sme|standard|same_city|judged': 2,
      'pickup_on_time|sme|standard|same_city|met': 1,
      'pickup_on_time|sme|standard|same_city|breached.breach': 1,
      'pickup_on_time|individual|standard|same_city|met': -1,
    });
    // 400 days after the end of the day (plus a day's slack for any time zone).
    const dayEnd = Date.parse('2026-11-03T00:00:00Z') / 1000;
    expect(increments[0]!.expireAtSeconds).toBe(dayEnd + 401 * 86_400);
  });
});
