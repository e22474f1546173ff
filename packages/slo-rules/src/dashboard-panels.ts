/** Grafana panel building blocks: the dashboard is written as data, laid out and numbered by code. */
export const DATASOURCE = { type: 'prometheus', uid: 'prometheus' } as const;

export interface Query {
  expr: string;
  legend: string;
  /** An instant query: one value per series (bar gauges, stats). */
  instant?: boolean;
}

export interface PanelSpec {
  title: string;
  description: string;
  type: 'timeseries' | 'bargauge' | 'stat';
  unit: string;
  width: number;
  queries: Query[];
  min?: number;
  max?: number;
  /** Colour steps: the base colour, then [value, colour] from which each applies. */
  steps?: Array<[number | null, string]>;
  /** Thresholds of one series (by its legend), where each series has its own objective. */
  seriesSteps?: Array<{ name: string; steps: Array<[number | null, string]> }>;
  /** Series whose legend starts with one of these are drawn dashed: targets and benchmarks. */
  dashed?: Array<{ prefix: string; color: string }>;
  /** One copy of the panel per selected value of this dashboard variable (standard, segment). */
  repeat?: 'standard' | 'segment';
  /**
   * What the panel says when its queries return nothing: an explicit empty
   * state ("no acknowledgement yet") instead of a blank or NaN. The queries
   * drop NaN series (0/0, a quantile of nothing) so this shows instead.
   */
  noValue?: string;
}

export interface RowSpec {
  title: string;
  panels: PanelSpec[];
}

const PANEL_HEIGHT = 8;

function fieldConfig(spec: PanelSpec) {
  const defaults: Record<string, unknown> = { unit: spec.unit };
  if (spec.noValue !== undefined) defaults['noValue'] = spec.noValue;
  if (spec.min !== undefined) defaults['min'] = spec.min;
  if (spec.max !== undefined) defaults['max'] = spec.max;
  if (spec.steps) {
    defaults['thresholds'] = {
      mode: 'absolute',
      steps: spec.steps.map(([value, color]) => ({ color, value })),
    };
    defaults['color'] = { mode: 'thresholds' };
  }
  const overrides = (spec.dashed ?? []).map(({ prefix, color }) => ({
    matcher: { id: 'byRegexp', options: `^${prefix}.*` },
    properties: [
      { id: 'custom.lineStyle', value: { fill: 'dash', dash: [10, 10] } },
      { id: 'color', value: { mode: 'fixed', fixedColor: color } },
    ],
  }));
  const stepped = (spec.seriesSteps ?? []).map(({ name, steps }) => ({
    matcher: { id: 'byName', options: name },
    properties: [
      {
        id: 'thresholds',
        value: { mode: 'absolute', steps: steps.map(([value, color]) => ({ color, value })) },
      },
      { id: 'color', value: { mode: 'thresholds' } },
    ],
  }));
  return { defaults, overrides: [...overrides, ...stepped] };
}

function options(spec: PanelSpec) {
  if (spec.type === 'timeseries') {
    return {
      legend: { displayMode: 'table', placement: 'bottom', calcs: ['lastNotNull'] },
      tooltip: { mode: 'multi' },
    };
  }
  if (spec.type === 'bargauge') {
    return { orientation: 'horizontal', displayMode: 'gradient', reduceOptions: { calcs: ['lastNotNull'] } };
  }
  if (spec.seriesSteps) {
    // Headline cells: a coloured tile per series, its name under the value.
    return {
      reduceOptions: { calcs: ['lastNotNull'] },
      colorMode: 'background',
      graphMode: 'none',
      textMode: 'value_and_name',
      orientation: 'auto',
    };
  }
  return { reduceOptions: { calcs: ['lastNotNull'] }, colorMode: 'value', graphMode: 'area' };
}

/** Rows of panels, full width, in order: ids count up and panels flow left to right, then down. */
export function layout(rows: RowSpec[]): unknown[] {
  const panels: unknown[] = [];
  let id = 1;
  let y = 0;
  for (const row of rows) {
    panels.push({
      id: id++,
      type: 'row',
      title: row.title,
      collapsed: false,
      gridPos: { h: 1, w: 24, x: 0, y },
      panels: [],
    });
    y += 1;
    let x = 0;
    for (const spec of row.panels) {
      if (x + spec.width > 24) {
        x = 0;
        y += PANEL_HEIGHT;
      }
      panels.push({
        id: id++,
        type: spec.type,
        title: spec.title,
        description: spec.description,
        datasource: DATASOURCE,
        gridPos: { h: PANEL_HEIGHT, w: spec.width, x, y },
        fieldConfig: fieldConfig(spec),
        options: options(spec),
        ...(spec.repeat ? { repeat: spec.repeat, repeatDirection: 'h', maxPerRow: 4 } : {}),
        targets: spec.queries.map((q, i) => ({
          refId: String.fromCharCode(65 + i),
          datasource: DATASOURCE,
          expr: q.expr,
          legendFormat: q.legend,
          range: !q.instant,
          instant: q.instant === true,
        })),
      });
      x += spec.width;
    }
    y += PANEL_HEIGHT;
  }
  return panels;
}
