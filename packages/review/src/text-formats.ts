import { percent, points } from './labels.js';
import type { Review, ReviewRow } from './review.js';

const breakdown = (review: Review, row: ReviewRow) =>
  review.by.map((d) => row[d] ?? '').filter((v) => v !== '');

/** A plain table for a terminal, grouped by phase and element; `!` marks a cell below its objective, `?` below its benchmark. */
export function reviewTable(review: Review): string {
  const header = [
    'phase',
    'element',
    'standard',
    ...review.by,
    'judged',
    'met',
    'attainment',
    'objective',
    'gap',
    'benchmark',
    'gap',
    'breached w/b/c',
    'trend',
  ];
  const lines: string[][] = [header];
  for (const row of review.rows) {
    lines.push([
      row.phase,
      row.element,
      row.standard,
      ...breakdown(review, row),
      String(row.judged),
      String(row.met),
      `${percent(row.attainment)}${row.belowObjective ? ' !' : ''}${row.belowBenchmark ? ' ?' : ''}`,
      percent(row.objective),
      points(row.gapToObjective),
      percent(row.benchmark),
      points(row.gapToBenchmark),
      `${row.breached.warn}/${row.breached.breach}/${row.breached.critical}`,
      sparkline(row.trend.map((p) => p.attainment)),
    ]);
  }
  const widths = header.map((_, i) => Math.max(...lines.map((l) => [...(l[i] ?? '')].length)));
  const text = lines.map((l) =>
    l
      .map((cell, i) => cell.padEnd(widths[i]!))
      .join('  ')
      .trimEnd(),
  );
  text.splice(1, 0, widths.map((w) => '-'.repeat(w)).join('  '));
  return [
    `Service-mix review, order days ${review.from} to ${review.to} (Asia/Shanghai), standards ${review.standardsVersion}`,
    '',
    ...text,
    '',
    `all judged outcomes: ${review.totals.met}/${review.totals.judged} met (${percent(review.totals.attainment)}); ! below objective, ? below benchmark; trend ${review.trendPeriod === 'week' ? 'per week' : 'per day'}`,
  ].join('\n');
}

const BLOCKS = '▁▂▃▄▅▆▇█';

/** Attainment per period as block characters; a blank where nothing was judged. */
export function sparkline(values: Array<number | null>): string {
  return values.map((v) => (v === null ? ' ' : BLOCKS[Math.min(7, Math.floor(v * 8))])).join('');
}

/** One CSV field: quoted when it holds a comma, a quote or a line break. */
export function csvField(value: string | number | null | undefined): string {
  const text = value === null || value === undefined ? '' : String(value);
  return /[",\n]/.test(text) ? `"${text.replace(/"/g, '""')}"` : text;
}

/** One line per row, ratios as decimals; the trend as `period=attainment` pairs. */
export function reviewCsv(review: Review): string {
  const header = [
    'phase',
    'element',
    'standard',
    ...review.by,
    'judged',
    'met',
    'attainment',
    'objective',
    'gap_to_objective',
    'benchmark',
    'gap_to_benchmark',
    'below_objective',
    'below_benchmark',
    'breached_warn',
    'breached_breach',
    'breached_critical',
    'trend',
  ];
  const round = (v: number | null) => (v === null ? null : Number(v.toFixed(6)));
  const lines = review.rows.map((row) =>
    [
      row.phase,
      row.element,
      row.standard,
      ...review.by.map((d) => row[d] ?? ''),
      row.judged,
      row.met,
      round(row.attainment),
      round(row.objective),
      round(row.gapToObjective),
      round(row.benchmark),
      round(row.gapToBenchmark),
      String(row.belowObjective),
      String(row.belowBenchmark),
      row.breached.warn,
      row.breached.breach,
      row.breached.critical,
      row.trend.map((p) => `${p.period}=${p.attainment === null ? '' : p.attainment.toFixed(4)}`).join(' '),
    ]
      .map(csvField)
      .join(','),
  );
  return [header.join(','), ...lines].join('\n');
}
