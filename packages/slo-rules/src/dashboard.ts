import { DATASOURCE, layout, type RowSpec } from './dashboard-panels.js';
import { recordNames, SLI_METRIC } from './recording-rules.js';

const SLO = '{standard=~"$standard",segment=~"$segment"}';
const BY_STANDARD = '{standard=~"$standard"}';
const RATIO = `${recordNames.errorRatio('$window')}${SLO}`;
const PER_MINUTE = 'per minute';

function quantiles(metric: string, window: string, by = ''): Array<{ expr: string; legend: string }> {
  const labels = by ? `le, ${by}` : 'le';
  return [0.5, 0.99].map((q) => ({
    expr: `histogram_quantile(${q}, sum by (${labels}) (rate(${metric}_bucket[${window}])))`,
    legend: `p${q * 100}${by ? ` {{${by}}}` : ''}`,
  }));
}

const ROWS: RowSpec[] = [
  {
    title: 'Service levels: attainment against objectives and benchmark',
    panels: [
      {
        title: 'Attainment per standard and segment ($window)',
        description:
          'Share of decided outcomes that met the standard over the chosen window, with the objective (dashed) ' +
          'and the industry or competitor benchmark (dashed red). Below the dashed line = below target.',
        type: 'timeseries',
        unit: 'percentunit',
        width: 12,
        max: 1,
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
        title: 'Error budget remaining (objective window)',
        description:
          'Share of the error budget (1 − target) not yet spent over the objective window (30 days by default). ' +
          'Below zero: the objective is missed for this window.',
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
            expr: `${recordNames.budgetRemaining}${SLO}`,
            legend: '{{standard}} · {{segment}}',
            instant: true,
          },
        ],
      },
      {
        title: 'Burn rate (1h and 6h)',
        description:
          'How many times faster than sustainable the budget is spent: 1 spends it exactly over the window; ' +
          'pages fire at 14.4 (1h) and 6 (6h), a ticket at 1 (3d) for a 30-day objective.',
        type: 'timeseries',
        unit: 'none',
        width: 8,
        queries: ['1h', '6h'].map((window) => ({
          expr: `${recordNames.errorRatio(window)}${SLO} / on (standard, segment) (1 - ${recordNames.objective}${SLO})`,
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
        queries: [
          { expr: `${recordNames.decidedOutcomes('1h')}${SLO}`, legend: '{{standard}} · {{segment}}' },
        ],
      },
      {
        title: 'SLO alerts firing',
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
  },
  {
    title: 'Breaches',
    panels: [
      {
        title: 'Open breaches by severity',
        description:
          'Breaches not yet resolved or retracted, as the escalation service tracks them (max over instances: ' +
          'each reports the shared count).',
        type: 'timeseries',
        unit: 'short',
        width: 8,
        queries: [{ expr: 'max by (severity) (slawatch_escalation_open_breaches)', legend: '{{severity}}' }],
      },
      {
        title: 'Breaches opened per minute by severity and level',
        description: 'New breaches the monitor detected.',
        type: 'timeseries',
        unit: 'short',
        width: 8,
        queries: [
          {
            expr: `sum by (severity, level) (rate(slawatch_breach_changes_total{status="open",standard=~"$standard",segment=~"$segment"}[5m])) * 60`,
            legend: '{{severity}} · {{level}}',
          },
        ],
      },
      {
        title: 'Breach changes per hour by standard and status',
        description: 'Opened, retracted (later facts undid them) and resolved breaches.',
        type: 'timeseries',
        unit: 'short',
        width: 8,
        queries: [
          {
            expr: 'sum by (standard, status) (increase(slawatch_breach_changes_total{standard=~"$standard",segment=~"$segment"}[1h]))',
            legend: '{{standard}} · {{status}}',
          },
        ],
      },
      {
        title: 'Outcomes per minute by standard and result',
        description: 'The service-level indicator: standards decided as met or breached.',
        type: 'timeseries',
        unit: 'short',
        width: 24,
        queries: [
          {
            expr: `sum by (standard, result) (rate(${SLI_METRIC}${SLO}[5m])) * 60`,
            legend: '{{standard}} · {{result}}',
          },
        ],
      },
    ],
  },
  {
    title: 'Monitor pipeline',
    panels: [
      {
        title: 'Events per second by topic and result',
        description:
          'Input records: accepted, duplicate (already seen) and rejected (to the dead-letter topic).',
        type: 'timeseries',
        unit: 'short',
        width: 8,
        queries: [
          {
            expr: 'sum by (topic, result) (rate(slawatch_events_total[1m]))',
            legend: '{{topic}} · {{result}}',
          },
        ],
      },
      {
        title: 'Consumer lag by topic',
        description:
          'Records not yet processed by the monitor group (max per partition over instances, summed).',
        type: 'timeseries',
        unit: 'short',
        width: 8,
        queries: [
          { expr: 'sum by (topic) (max by (topic, partition) (slawatch_consumer_lag))', legend: '{{topic}}' },
        ],
      },
      {
        title: `Dead letters ${PER_MINUTE} by topic and reason`,
        description: 'Records the contract rejected; fix the publisher named by the topic.',
        type: 'timeseries',
        unit: 'short',
        width: 8,
        queries: [
          {
            expr: 'sum by (topic, reason) (rate(slawatch_dead_letters_total[5m])) * 60',
            legend: '{{topic}} · {{reason}}',
          },
        ],
      },
      {
        title: 'Deadline lateness p50 / p99',
        description:
          'How long after its due time a deadline fired: a missed "no pickup" is detected this late.',
        type: 'timeseries',
        unit: 's',
        width: 8,
        queries: quantiles('slawatch_deadline_lateness_seconds', '5m'),
      },
      {
        title: 'Event to breach p50 / p99',
        description: 'From the Kafka timestamp of an event to the durable breach change it caused.',
        type: 'timeseries',
        unit: 's',
        width: 8,
        queries: quantiles('slawatch_event_to_breach_seconds', '5m'),
      },
      {
        title: 'Batch duration p50 / p99',
        description: 'Time to process one input batch, from receipt to durable effects.',
        type: 'timeseries',
        unit: 's',
        width: 8,
        queries: quantiles('slawatch_batch_duration_seconds', '5m'),
      },
      {
        title: 'Pending deadlines and store health',
        description:
          'Shipment buckets with a pending deadline; batches redone after a concurrent write; breach changes ' +
          'published from the outbox per minute.',
        type: 'timeseries',
        unit: 'short',
        width: 12,
        queries: [
          { expr: 'sum(slawatch_pending_deadline_buckets)', legend: 'buckets with pending deadlines' },
          {
            expr: 'sum(rate(slawatch_store_conflicts_total[5m])) * 60',
            legend: 'store conflicts per minute',
          },
          {
            expr: 'sum(rate(slawatch_breaches_published_total[5m])) * 60',
            legend: 'breaches published per minute',
          },
        ],
      },
      {
        title: 'Services up',
        description: 'Scrape health of each slawatch service.',
        type: 'stat',
        unit: 'none',
        width: 12,
        steps: [
          [null, 'red'],
          [1, 'green'],
        ],
        queries: [{ expr: 'up{job=~"slawatch-.*"}', legend: '{{job}} {{instance}}' }],
      },
    ],
  },
  {
    title: 'Escalation',
    panels: [
      {
        title: `Notifications ${PER_MINUTE} by channel and result`,
        description: 'Pages, resolutions and digests sent to on-call staff, and what became of them.',
        type: 'timeseries',
        unit: 'short',
        width: 8,
        queries: [
          {
            expr: 'sum by (channel, result) (rate(slawatch_escalation_notifications_total[5m])) * 60',
            legend: '{{channel}} · {{result}}',
          },
        ],
      },
      {
        title: 'Failed deliveries per hour by target',
        description:
          'Notifications that failed after their last attempt: the target did not hear of the breach.',
        type: 'timeseries',
        unit: 'short',
        width: 8,
        queries: [
          {
            expr: 'sum by (target) (increase(slawatch_escalation_delivery_failures_total[1h]))',
            legend: '{{target}}',
          },
        ],
      },
      {
        title: 'Escalation steps per hour by severity',
        description: 'Steps reached: a breach not acknowledged moves up to the next on-call tier.',
        type: 'timeseries',
        unit: 'short',
        width: 8,
        queries: [
          {
            expr: 'sum by (severity, policy) (increase(slawatch_escalation_steps_total[1h]))',
            legend: '{{severity}} · {{policy}}',
          },
        ],
      },
      {
        title: 'Time to acknowledge p50 / p99 by severity',
        description: 'From the breach reaching escalation to its acknowledgement.',
        type: 'timeseries',
        unit: 's',
        width: 12,
        queries: quantiles('slawatch_escalation_acknowledge_seconds', '1h', 'severity'),
      },
      {
        title: 'Breach changes read by escalation per minute',
        description: 'By outcome: new, duplicate, late, untracked or invalid.',
        type: 'timeseries',
        unit: 'short',
        width: 12,
        queries: [
          {
            expr: 'sum by (status, outcome) (rate(slawatch_escalation_breach_changes_total[5m])) * 60',
            legend: '{{status}} · {{outcome}}',
          },
        ],
      },
    ],
  },
  {
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
        description:
          'How late the simulator publishes against its plan; large values mean it cannot keep up.',
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
  },
];

function variable(name: string, label: string, metric: string) {
  return {
    name,
    label,
    type: 'query',
    datasource: DATASOURCE,
    query: { query: `label_values(${metric}, ${name})`, refId: `${name}-values` },
    definition: `label_values(${metric}, ${name})`,
    includeAll: true,
    multi: true,
    current: { selected: true, text: ['All'], value: ['$__all'] },
    refresh: 2,
    sort: 1,
  };
}

/**
 * The slawatch Grafana dashboard. `windows` are the SLI windows the recording
 * rules compute (the attainment panels offer each of them).
 */
export function dashboard(windows: string[]) {
  const initial = windows.includes('1h') ? '1h' : windows[0]!;
  return {
    uid: 'slawatch',
    title: 'slawatch: service levels',
    description:
      'Attainment of the written service standards per segment, breaches, the monitor pipeline and escalation.',
    tags: ['slawatch', 'slo'],
    timezone: 'browser',
    editable: true,
    graphTooltip: 1,
    refresh: '30s',
    schemaVersion: 39,
    version: 1,
    time: { from: 'now-24h', to: 'now' },
    templating: {
      list: [
        variable('standard', 'Standard', SLI_METRIC),
        variable('segment', 'Segment', SLI_METRIC),
        {
          name: 'window',
          label: 'SLI window',
          type: 'custom',
          query: windows.join(','),
          options: windows.map((w) => ({ text: w, value: w, selected: w === initial })),
          current: { text: initial, value: initial, selected: true },
          includeAll: false,
          multi: false,
        },
      ],
    },
    annotations: { list: [] },
    panels: layout(ROWS),
  };
}

export function dashboardText(windows: string[]): string {
  return `${JSON.stringify(dashboard(windows), null, 2)}\n`;
}
