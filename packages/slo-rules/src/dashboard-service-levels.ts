import type { RowSpec } from './dashboard-panels.js';
import { BY_STANDARD, SLO, withoutNaN } from './dashboard-queries.js';
import { recordNames } from './recording-rules.js';

// A window with no decided outcome has no ratio (0/0): dropped, so the panel says so instead of NaN.
const RATIO = withoutNaN(`${recordNames.errorRatio('$window')}${SLO}`);
const NO_OUTCOMES = 'No decided outcome in this window';

/** The first row: attainment of each objective, its error budget and burn rate, and the alerts. */
export const SERVICE_LEVELS_ROW: RowSpec = {
  title: 'Service levels: attainment against objectives and benchmark',
  panels: [
    {
      title: 'Attainment: $standard ($window)',
      description:
        'One panel per selected standard: the share of decided outcomes that met it over the chosen window, per ' +
        'segment, with the objective (dashed) and the industry or competitor benchmark (dashed red). Below the ' +
        'dashed line = below target.',
      type: 'timeseries',
      unit: 'percentunit',
      width: 12,
      max: 1,
      repeat: 'standard',
      noValue: NO_OUTCOMES,
      queries: [
        { expr: `1 - ${RATIO}`, legend: '{{standard}} · {{segment}}' },
        { expr: `${recordNames.objective}${SLO}`, legend: 'target {{standard}} · {{segment}}' },
        { expr: `${recordNames.benchmark}${BY_STANDARD}`, legend: 'benchmark {{standard}}' },
      ],
      dashed: [
        { prefix: 'target', color: 'green' },
        { prefix: 'benchmark', color: 'red' },
      ],
    },
    {
      title: 'Attainment minus target ($window)',
      description: 'Negative: the segment misses its objective by that many points over the window.',
      noValue: NO_OUTCOMES,
      type: 'bargauge',
      unit: 'percentunit',
      width: 6,
      min: -0.1,
      max: 0.1,
      steps: [
        [null, 'red'],
        [0, 'green'],
      ],
      queries: [
        {
          expr: `(1 - ${RATIO}) - on (standard, segment) ${recordNames.objective}${SLO}`,
          legend: '{{standard}} · {{segment}}',
          instant: true,
        },
      ],
    },
    {
      title: 'Attainment minus benchmark ($window)',
      description: 'Positive: the segment does better than the benchmark (定点超越).',
      noValue: 'No decided outcome in this window, or no benchmark for the selected standards',
      type: 'bargauge',
      unit: 'percentunit',
      width: 6,
      min: -0.2,
      max: 0.2,
      steps: [
        [null, 'red'],
        [0, 'green'],
      ],
      queries: [
        {
          expr: `(1 - ${RATIO}) - on (standard) group_left ${recordNames.benchmark}${BY_STANDARD}`,
          legend: '{{standard}} · {{segment}}',
          instant: true,
        },
      ],
    },
    {
      title: 'Error budget remaining: $segment',
      description:
        'One panel per selected segment: the share of the error budget (1 − target) not yet spent over the ' +
        'objective window (30 days by default), per standard. Below zero: the objective is missed for this window.',
      repeat: 'segment',
      noValue: 'No decided outcome in the objective window',
      type: 'bargauge',
      unit: 'percentunit',
      width: 8,
      min: -1,
      max: 1,
      steps: [
        [null, 'red'],
        [0, 'orange'],
        [0.25, 'green'],
      ],
      queries: [
        {
          expr: `${recordNames.budgetRemaining}${SLO} > -Inf`,
          legend: '{{standard}}',
          instant: true,
        },
      ],
    },
    {
      title: 'Burn rate (1h and 6h)',
      noValue: 'No decided outcome in the last 1h or 6h',
      description:
        'How many times faster than sustainable the budget is spent: 1 spends it exactly over the window; ' +
        'pages fire at 14.4 (1h) and 6 (6h), a ticket at 1 (3d) for a 30-day objective.',
      type: 'timeseries',
      unit: 'none',
      width: 8,
      queries: ['1h', '6h'].map((window) => ({
        expr: withoutNaN(
          `${recordNames.errorRatio(window)}${SLO} / on (standard, segment) (1 - ${recordNames.objective}${SLO})`,
        ),
        legend: `${window} {{standard}} · {{segment}}`,
      })),
    },
    {
      title: 'Decided outcomes (1h)',
      description:
        'Outcomes decided per standard and segment in the last hour. Alerts need a minimum number in their long ' +
        'window, so a quiet segment does not page on one late parcel.',
      type: 'timeseries',
      unit: 'short',
      width: 8,
      queries: [{ expr: `${recordNames.decidedOutcomes('1h')}${SLO}`, legend: '{{standard}} · {{segment}}' }],
    },
    {
      title: 'SLO alerts firing',
      noValue: 'No SLO alert firing',
      description: 'Burn-rate alerts currently firing, by alert, standard and segment.',
      type: 'timeseries',
      unit: 'short',
      width: 24,
      queries: [
        {
          expr: 'sum by (alertname, severity, standard, segment) (ALERTS{alertname=~"SlawatchErrorBudget.*",alertstate="firing"})',
          legend: '{{alertname}} {{severity}} {{standard}} · {{segment}}',
        },
      ],
    },
  ],
};
