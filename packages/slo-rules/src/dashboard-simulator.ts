import type { RowSpec } from './dashboard-panels.js';

/** With the demo simulator: its ground truth next to what the monitor detected. */
export const SIMULATOR_ROW: RowSpec = {
  title: 'Demo simulator: ground truth against detection',
  panels: [
    {
      title: 'Expected against detected breaches per hour by standard',
      description:
        'With the simulator running: breaches its ground truth says must be reported (counted when the parcel ' +
        'starts, whatever their final status) against breaches the monitor opened. A gap that persists is a ' +
        'detection problem.',
      type: 'timeseries',
      unit: 'short',
      width: 12,
      queries: [
        {
          expr: 'sum by (standard) (increase(slawatch_simulator_expected_breaches_total{standard=~"$standard"}[1h]))',
          legend: 'expected {{standard}}',
        },
        {
          expr: 'sum by (standard) (increase(slawatch_breach_changes_total{status="open",standard=~"$standard"}[1h]))',
          legend: 'detected {{standard}}',
        },
      ],
      dashed: [{ prefix: 'expected', color: 'purple' }],
    },
    {
      title: 'Simulated parcels per minute by segment, faults per hour',
      description: 'Parcels the simulator starts, and the faults it injects into them.',
      type: 'timeseries',
      unit: 'short',
      width: 6,
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
      description: 'How late the simulator publishes against its plan; large values mean it cannot keep up.',
      type: 'timeseries',
      unit: 's',
      width: 6,
      queries: [
        {
          expr: 'histogram_quantile(0.99, sum by (le) (rate(slawatch_simulator_publish_lag_seconds_bucket[5m])))',
          legend: 'p99',
        },
      ],
    },
  ],
};
