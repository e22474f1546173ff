import type { PanelSpec } from './dashboard-panels.js';
import { SLO, withoutNaN } from './dashboard-queries.js';
import type { SegmentObjective, StandardBenchmark } from './objectives.js';
import { recordNames } from './recording-rules.js';

/**
 * The review's headline cells for the recent window: one cell per segment and
 * standard showing attainment, red below its objective, orange below the
 * standard's benchmark, green otherwise. Each cell gets its own thresholds
 * from the standards file (Grafana thresholds are per field, not per value).
 * For the months and quarters Prometheus does not keep: `slawatch report`.
 */
export function headlinePanel(objectives: SegmentObjective[], benchmarks: StandardBenchmark[]): PanelSpec {
  const benchmarkOf = new Map(benchmarks.map((b) => [b.standard, b.benchmark]));
  return {
    title: 'Headline: attainment per segment ($window)',
    description:
      'The review’s headline cells over the chosen window: the share of decided outcomes that met each standard, ' +
      'per segment. Red: below the segment’s objective; orange: below the benchmark (the competitor to beat, ' +
      '定点超越); green: at or above both. Months and quarters, with trends and gaps: slawatch report (docs/review.md).',
    type: 'stat',
    unit: 'percentunit',
    width: 24,
    min: 0,
    max: 1,
    noValue: 'No decided outcome in this window',
    steps: [[null, 'text']],
    queries: [
      {
        expr: `1 - ${withoutNaN(`${recordNames.errorRatio('$window')}${SLO}`)}`,
        legend: '{{segment}} · {{standard}}',
        instant: true,
      },
    ],
    seriesSteps: objectives.map((o) => {
      const benchmark = benchmarkOf.get(o.standard);
      const steps: Array<[number | null, string]> = [[null, 'red']];
      if (benchmark !== undefined && benchmark < o.target) steps.push([benchmark, 'orange']);
      steps.push([o.target, 'green']);
      return { name: `${o.segment} · ${o.standard}`, steps };
    }),
  };
}
