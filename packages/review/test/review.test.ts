import { fileURLToPath } from 'node:url';
import { loadStandards } from '@slawatch/standards';
import { describe, expect, it } from 'vitest';
import { buildReview, type DayCell, reviewCsv, reviewHtml, reviewTable } from '../src/index.js';

const file = loadStandards(fileURLToPath(new URL('../../../standards/default.yaml', import.meta.url)));

const cell = (
  day: string,
  standard: string,
  segment: string,
  judged: number,
  met: number,
  breach = 0,
): DayCell => ({
  day,
  standard,
  segment,
  product: 'standard',
  route: 'inter_province',
  counts: { judged, met, 'breached.breach': breach },
});

const cells: DayCell[] = [
  cell('2026-11-02', 'delivered_on_time', 'key_account', 100, 97, 3),
  cell('2026-11-03', 'delivered_on_time', 'key_account', 100, 99, 1),
  cell('2026-11-02', 'delivered_on_time', 'individual', 50, 40, 10),
  cell('2026-11-02', 'pickup_on_time', 'individual', 10, 10),
  cell('2026-11-02', 'complaint_answered', 'sme', 4, 4),
  // Outside the period, and a standard the file no longer has: neither is reviewed.
  cell('2026-10-31', 'delivered_on_time', 'key_account', 100, 0),
  cell('2026-11-02', 'retired_standard', 'sme', 5, 5),
];

describe('the review', () => {
  it('rows per standard and segment: attainment, the segment objective, the benchmark, gaps and a daily trend', () => {
    const review = buildReview({ file, cells, from: '2026-11-01', to: '2026-11-03', by: ['segment'] });
    const key = review.rows.find((r) => r.key === 'delivered_on_time|key_account|*|*')!;
    expect(key).toMatchObject({
      judged: 200,
      met: 196,
      objective: 0.98,
      benchmark: 0.8439,
      belowObjective: false,
    });
    expect(key.attainment).toBeCloseTo(0.98);
    expect(key.breached.breach).toBe(4);
    expect(key.trend.map((p) => [p.period, p.judged])).toEqual([
      ['2026-11-01', 0],
      ['2026-11-02', 100],
      ['2026-11-03', 100],
    ]);
    const individual = review.rows.find((r) => r.key === 'delivered_on_time|individual|*|*')!;
    expect(individual).toMatchObject({
      attainment: 0.8,
      objective: 0.93,
      belowObjective: true,
      belowBenchmark: true,
    });
    expect(individual.gapToBenchmark).toBeCloseTo(0.8 - 0.8439);
    expect(review.rows.some((r) => r.standard === 'retired_standard')).toBe(false);
    expect(review.totals).toMatchObject({ judged: 264, met: 250 });
    // Transaction before post-transaction; time standards before reliability within a phase.
    expect(review.rows.map((r) => r.standard).at(-1)).toBe('complaint_answered');
  });

  it('weighs the segments’ objectives by judged outcomes when not broken down by segment', () => {
    const review = buildReview({ file, cells, from: '2026-11-02', to: '2026-11-03', by: [] });
    const row = review.rows.find((r) => r.standard === 'delivered_on_time')!;
    expect(row.judged).toBe(250);
    expect(row.objective).toBeCloseTo((200 * 0.98 + 50 * 0.93) / 250);
    expect(row.attainment).toBeCloseTo(236 / 250);
  });

  it('trends per week over a long period', () => {
    const review = buildReview({ file, cells, from: '2026-11-01', to: '2026-12-15', by: [] });
    expect(review.trendPeriod).toBe('week');
    expect(review.rows[0]!.trend[0]!.period).toBe('2026-10-26');
  });

  it('formats as a table, CSV and one HTML file that marks cells below objective and benchmark', () => {
    const review = buildReview({ file, cells, from: '2026-11-01', to: '2026-11-03', by: ['segment'] });
    const table = reviewTable(review);
    expect(table).toMatch(/delivered_on_time\s+individual\s+50\s+40\s+80\.0 % ! \?/);
    const csv = reviewCsv(review).split('\n');
    expect(csv[0]).toContain('standard,segment,judged,met,attainment,objective');
    expect(csv.find((l) => l.includes('delivered_on_time,individual'))).toContain(',50,40,0.8,0.93,');
    const html = reviewHtml(review, { generatedAt: new Date(0) });
    expect(html).toContain('<svg');
    expect(html).not.toMatch(/<script|https?:\/\/|src=/);
    expect(html).toContain('服务组合评审');
    expect(html).toContain('Service-mix review');
    expect(html).toContain('按时送达');
    expect(html.match(/class="number below-objective/g)?.length).toBeGreaterThan(0);
    expect(html).toContain('bar-below-objective');
  });
});
