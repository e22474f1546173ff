import type { RowSpec } from './dashboard-panels.js';
import { SLO } from './dashboard-queries.js';
import { SLI_METRIC } from './recording-rules.js';

/** Breaches the monitor opened and how they ended, and the outcomes behind the SLI. */
export const BREACHES_ROW: RowSpec = {
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
};
