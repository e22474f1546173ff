import type { RowSpec } from './dashboard-panels.js';
import { PER_MINUTE, quantiles } from './dashboard-queries.js';

/** What escalation did with the breaches: notifications, failures, steps and acknowledgements. */
export const ESCALATION_ROW: RowSpec = {
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
      noValue: 'No breach acknowledged in the last hour',
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
};
