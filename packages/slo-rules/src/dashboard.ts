import { BREACHES_ROW } from './dashboard-breaches.js';
import { ESCALATION_ROW } from './dashboard-escalation.js';
import { headlinePanel } from './dashboard-headline.js';
import { MONITOR_PIPELINE_ROW } from './dashboard-monitor.js';
import { DATASOURCE, layout, type RowSpec } from './dashboard-panels.js';
import { SERVICE_LEVELS_ROW } from './dashboard-service-levels.js';
import { SIMULATOR_ROWS } from './dashboard-simulator.js';
import type { SegmentObjective, StandardBenchmark } from './objectives.js';
import { SLI_METRIC } from './recording-rules.js';

/** The rows, top to bottom: each panel group lives in its own module. */
const ROWS: RowSpec[] = [SERVICE_LEVELS_ROW, BREACHES_ROW, MONITOR_PIPELINE_ROW, ESCALATION_ROW];

/** The objectives and benchmarks of the standards file, for the headline cells' colours. */
export interface HeadlineTargets {
  objectives: SegmentObjective[];
  benchmarks: StandardBenchmark[];
}

/** The rows with the headline cells first in the service-levels row, when the targets are given. */
function rowsWith(targets: HeadlineTargets | undefined): RowSpec[] {
  if (!targets) return ROWS;
  const [serviceLevels, ...rest] = ROWS;
  const headline = headlinePanel(targets.objectives, targets.benchmarks);
  return [{ ...serviceLevels!, panels: [headline, ...serviceLevels!.panels] }, ...rest];
}

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
export function dashboard(windows: string[], targets?: HeadlineTargets) {
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
    panels: layout(rowsWith(targets)),
  };
}

/**
 * The demo simulator's dashboard: its ground truth against what the monitor
 * detected. Apart from the service-level one, which a production deployment
 * (with no simulator) uses as it is.
 */
export function simulatorDashboard() {
  return {
    uid: 'slawatch-simulator',
    title: 'slawatch: demo simulator',
    description: 'The demo simulator: breaches its ground truth expects against breaches the monitor opened.',
    tags: ['slawatch', 'simulator'],
    timezone: 'browser',
    editable: true,
    graphTooltip: 1,
    refresh: '30s',
    schemaVersion: 39,
    version: 1,
    time: { from: 'now-1h', to: 'now' },
    templating: { list: [variable('standard', 'Standard', 'slawatch_simulator_expected_breaches_total')] },
    annotations: { list: [] },
    links: [{ title: 'slawatch: service levels', type: 'link', url: '/d/slawatch' }],
    panels: layout(SIMULATOR_ROWS),
  };
}

export function dashboardText(windows: string[], targets?: HeadlineTargets): string {
  return `${JSON.stringify(dashboard(windows, targets), null, 2)}\n`;
}

export function simulatorDashboardText(): string {
  return `${JSON.stringify(simulatorDashboard(), null, 2)}\n`;
}
