import type { RowSpec } from './dashboard-panels.js';
import { PER_MINUTE, quantiles } from './dashboard-queries.js';

/** The monitor at work: input, lag, dead letters, latencies and the store. */
export const MONITOR_PIPELINE_ROW: RowSpec = {
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
        {
          expr: 'sum by (topic) (max by (topic, partition) (slawatch_consumer_lag_records))',
          legend: '{{topic}}',
        },
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
      noValue: 'No deadline fired in the last 5 minutes',
    },
    {
      title: 'Event to breach p50 / p99',
      description: 'From the Kafka timestamp of an event to the durable breach change it caused.',
      type: 'timeseries',
      unit: 's',
      width: 8,
      queries: quantiles('slawatch_event_to_breach_seconds', '5m'),
      noValue: 'No breach caused by an event in the last 5 minutes',
    },
    {
      title: 'Batch duration p50 / p99',
      description: 'Time to process one input batch, from receipt to durable effects.',
      type: 'timeseries',
      unit: 's',
      width: 8,
      queries: quantiles('slawatch_batch_duration_seconds', '5m'),
      noValue: 'No batch processed in the last 5 minutes',
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
};
