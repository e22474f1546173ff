import { benchmarksOf, segmentObjectivesOf } from '@slawatch/slo-rules';
import { ELEMENTS, LEVELS, type Level, PHASES, type StandardsFile } from '@slawatch/standards';

/** The counts of one order day and cell, as the monitor stores them (summed over partitions). */
export interface DayCell {
  day: string;
  standard: string;
  segment: string;
  product: string;
  route: string;
  /** `judged`, `met`, `breached.<level>` → count. */
  counts: Record<string, number>;
}

/** What a review row may be broken down by, besides the standard (always). */
export const DIMENSIONS = ['segment', 'product', 'route'] as const;
export type Dimension = (typeof DIMENSIONS)[number];

export interface TrendPoint {
  /** The day, or the Monday of the week. */
  period: string;
  judged: number;
  met: number;
  attainment: number | null;
}

export interface ReviewRow {
  /** `standard|segment|product|route`, `*` where not broken down: matches rows of two reviews. */
  key: string;
  standard: string;
  title: string;
  titleZh: string | undefined;
  element: string;
  phase: string;
  segment?: string;
  product?: string;
  route?: string;
  judged: number;
  met: number;
  /** met / judged; null when nothing was judged. */
  attainment: number | null;
  /** The standard's target for the row's segment; over several segments, their targets weighted by judged. */
  objective: number | null;
  /** The competitor or industry ratio the file names for the standard (定点超越). */
  benchmark: number | null;
  benchmarkSource: string | null;
  gapToObjective: number | null;
  gapToBenchmark: number | null;
  belowObjective: boolean;
  belowBenchmark: boolean;
  /** Shipments breached at each level (a warning may stand beside a met outcome). */
  breached: Record<Level, number>;
  trend: TrendPoint[];
}

export interface Review {
  from: string;
  to: string;
  by: Dimension[];
  trendPeriod: 'day' | 'week';
  standardsVersion: string;
  /** Ordered by phase (pre-, in-, post-transaction), element (time, reliability, communication, convenience), file order, then the breakdown. */
  rows: ReviewRow[];
  totals: { judged: number; met: number; attainment: number | null };
}

export interface ReviewOptions {
  file: StandardsFile;
  cells: ReadonlyArray<DayCell>;
  /** Inclusive `YYYY-MM-DD` local days. */
  from: string;
  to: string;
  by: ReadonlyArray<Dimension>;
  trendPeriod?: 'day' | 'week';
}

const DAY_MS = 86_400_000;

/** Every `YYYY-MM-DD` from `from` to `to`, inclusive. */
export function daysBetween(from: string, to: string): string[] {
  const days: string[] = [];
  for (let t = Date.parse(`${from}T00:00:00Z`); t <= Date.parse(`${to}T00:00:00Z`); t += DAY_MS)
    days.push(new Date(t).toISOString().slice(0, 10));
  return days;
}

function weekOf(day: string): string {
  const t = Date.parse(`${day}T00:00:00Z`);
  const weekday = (new Date(t).getUTCDay() + 6) % 7;
  return new Date(t - weekday * DAY_MS).toISOString().slice(0, 10);
}

const ratio = (met: number, judged: number) => (judged > 0 ? met / judged : null);
const difference = (a: number | null, b: number | null) => (a === null || b === null ? null : a - b);

/**
 * The review of a period: per row (standard, and the chosen breakdown) the
 * shipments judged and met, attainment, the objective and benchmark from the
 * standards file, the gaps and the trend. Pure: the counts come in.
 */
export function buildReview(options: ReviewOptions): Review {
  const { file, from, to } = options;
  const by = DIMENSIONS.filter((d) => options.by.includes(d));
  const days = new Set(daysBetween(from, to));
  const trendPeriod = options.trendPeriod ?? (days.size > 31 ? 'week' : 'day');
  const periodOf = (day: string) => (trendPeriod === 'week' ? weekOf(day) : day);
  const targets = new Map(segmentObjectivesOf(file).map((o) => [`${o.standard}|${o.segment}`, o.target]));
  const benchmarks = new Map(benchmarksOf(file).map((b) => [b.standard, b.benchmark]));
  const standards = new Map(file.standards.map((s, i) => [s.id, { standard: s, index: i }]));

  interface Accumulator {
    row: Omit<
      ReviewRow,
      | 'attainment'
      | 'objective'
      | 'gapToObjective'
      | 'gapToBenchmark'
      | 'belowObjective'
      | 'belowBenchmark'
      | 'trend'
    >;
    objectiveWeight: number;
    objectiveSum: number;
    trend: Map<string, { judged: number; met: number }>;
    order: number;
  }
  const rows = new Map<string, Accumulator>();
  for (const cell of options.cells) {
    if (!days.has(cell.day)) continue;
    const known = standards.get(cell.standard);
    // A standard the file no longer has is not reviewed against it.
    if (!known) continue;
    const { standard, index } = known;
    const key = [
      cell.standard,
      by.includes('segment') ? cell.segment : '*',
      by.includes('product') ? cell.product : '*',
      by.includes('route') ? cell.route : '*',
    ].join('|');
    let accumulator = rows.get(key);
    if (!accumulator) {
      const benchmark = benchmarks.get(cell.standard) ?? null;
      accumulator = {
        row: {
          key,
          standard: cell.standard,
          title: standard.title,
          titleZh: standard.titleZh,
          element: standard.element,
          phase: standard.phase,
          ...(by.includes('segment') ? { segment: cell.segment } : {}),
          ...(by.includes('product') ? { product: cell.product } : {}),
          ...(by.includes('route') ? { route: cell.route } : {}),
          judged: 0,
          met: 0,
          benchmark,
          benchmarkSource: benchmark === null ? null : (standard.objectives?.benchmarkSource ?? null),
          breached: Object.fromEntries(LEVELS.map((l) => [l, 0])) as Record<Level, number>,
        },
        objectiveWeight: 0,
        objectiveSum: 0,
        trend: new Map(),
        order: PHASES.indexOf(standard.phase) * 1e6 + ELEMENTS.indexOf(standard.element) * 1e4 + index,
      };
      rows.set(key, accumulator);
    }
    const judged = cell.counts['judged'] ?? 0;
    const met = cell.counts['met'] ?? 0;
    accumulator.row.judged += judged;
    accumulator.row.met += met;
    for (const level of LEVELS) accumulator.row.breached[level] += cell.counts[`breached.${level}`] ?? 0;
    const target = targets.get(`${cell.standard}|${cell.segment}`);
    if (target !== undefined && judged > 0) {
      accumulator.objectiveWeight += judged;
      accumulator.objectiveSum += judged * target;
    }
    const period = periodOf(cell.day);
    const point = accumulator.trend.get(period) ?? { judged: 0, met: 0 };
    point.judged += judged;
    point.met += met;
    accumulator.trend.set(period, point);
  }

  const periods = [...new Set([...days].map(periodOf))].sort();
  const built = [...rows.values()]
    .sort((a, b) => a.order - b.order || a.row.key.localeCompare(b.row.key))
    .map(({ row, objectiveSum, objectiveWeight, trend }): ReviewRow => {
      const attainment = ratio(row.met, row.judged);
      const objective =
        objectiveWeight > 0
          ? objectiveSum / objectiveWeight
          : (targets.get(`${row.standard}|${row.segment ?? ''}`) ?? null);
      const gapToObjective = difference(attainment, objective);
      const gapToBenchmark = difference(attainment, row.benchmark);
      return {
        ...row,
        attainment,
        objective,
        gapToObjective,
        gapToBenchmark,
        belowObjective: gapToObjective !== null && gapToObjective < 0,
        belowBenchmark: gapToBenchmark !== null && gapToBenchmark < 0,
        trend: periods.map((period) => {
          const point = trend.get(period) ?? { judged: 0, met: 0 };
          return { period, ...point, attainment: ratio(point.met, point.judged) };
        }),
      };
    });
  const judged = built.reduce((sum, row) => sum + row.judged, 0);
  const met = built.reduce((sum, row) => sum + row.met, 0);
  return {
    from,
    to,
    by,
    trendPeriod,
    standardsVersion: file.version,
    rows: built,
    totals: { judged, met, attainment: ratio(met, judged) },
  };
}
