import type { RowSpec } from './dashboard-panels.js';

/**
 * Both sides count breach openings per standard and level since the start of
 * the dashboard's range: the ground truth when a parcel starts (every breach
 * it will open, whatever becomes of it later), the monitor when it opens one.
 * Counting per level matters: a silence standard opens warn, breach and
 * critical for one lost parcel; summed over levels the two sides are not the
 * same unit.
 */
const EXPECTED =
  'sum by (standard, level) (increase(slawatch_simulator_expected_breaches_total{standard=~"$standard"}[$__range]))';
const DETECTED =
  'sum by (standard, level) (increase(slawatch_breach_changes_total{status="open",standard=~"$standard"}[$__range]))';

/** The demo simulator only: its ground truth next to what the monitor detected, like with like. */
export const SIMULATOR_ROWS: RowSpec[] = [
  {
    title: 'Ground truth against detection (demo simulator)',
    panels: [
      {
        title: 'Detected / expected breach openings per standard and level (dashboard range)',
        description:
          'Breaches the monitor opened divided by the breaches the ground truth says it must open, per standard ' +
          'and level, over the dashboard range. Expected breaches are counted when the parcel starts, detected ' +
          'ones when their deadline passes: right after a start the ratio is low, then it should settle at 1. ' +
          'Below 1 that stays: missed breaches; above 1: breaches the ground truth did not expect.',
        type: 'bargauge',
        unit: 'percentunit',
        width: 12,
        min: 0,
        max: 1.2,
        steps: [
          [null, 'red'],
          [0.95, 'green'],
          [1.05, 'orange'],
        ],
        noValue: 'No expected breach in the range: is the simulator running?',
        queries: [
          {
            expr: `${DETECTED} / on (standard, level) (${EXPECTED} > 0)`,
            legend: '{{standard}} · {{level}}',
            instant: true,
          },
        ],
      },
      {
        title: 'Expected and detected breach openings per standard and level (dashboard range)',
        description: 'The two counts behind the ratio.',
        type: 'bargauge',
        unit: 'short',
        width: 12,
        noValue: 'No breach expected or opened in the range',
        queries: [
          { expr: EXPECTED, legend: 'expected {{standard}} · {{level}}', instant: true },
          { expr: DETECTED, legend: 'detected {{standard}} · {{level}}', instant: true },
        ],
      },
    ],
  },
  {
    title: 'Simulated traffic',
    panels: [
      {
        title: 'Simulated parcels per minute by segment, faults per hour',
        description: 'Parcels the simulator starts, and the faults it injects into them.',
        type: 'timeseries',
        unit: 'short',
        width: 12,
        noValue: 'The simulator is not running',
        queries: [
          {
            expr: 'sum by (segment) (rate(slawatch_simulator_shipments_started_total[5m])) * 60',
            legend: '{{segment}}',
          },
          {
            expr: 'sum by (fault) (increase(slawatch_simulator_faults_injected_total[1h]))',
            legend: 'fault {{fault}}',
          },
        ],
      },
      {
        title: 'Simulator publish lag p99',
        description:
          'How late the simulator publishes against its plan; large values mean it cannot keep up.',
        type: 'timeseries',
        unit: 's',
        width: 12,
        noValue: 'Nothing published in the last 5 minutes',
        queries: [
          {
            expr: '(histogram_quantile(0.99, sum by (le) (rate(slawatch_simulator_publish_lag_seconds_bucket[5m])))) >= 0',
            legend: 'p99',
          },
        ],
      },
    ],
  },
];
