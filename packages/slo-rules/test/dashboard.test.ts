import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { parse } from 'yaml';
import {
  DASHBOARD_TARGET,
  metricNamesIn,
  RULES_TARGET,
  type RuleGroup,
  SIMULATOR_DASHBOARD_TARGET,
} from '../src/index.js';
import { repositoryRoot } from './support.js';

interface Panel {
  id: number;
  type: string;
  title: string;
  gridPos: { x: number; y: number; w: number; h: number };
  datasource?: { uid: string };
  repeat?: string;
  fieldConfig?: { defaults: { noValue?: string } };
  targets?: Array<{ expr: string; datasource: { uid: string } }>;
  panels?: Panel[];
}

interface Dashboard {
  uid: string;
  panels: Panel[];
  templating: {
    list: Array<{
      name: string;
      type: string;
      query: string | { query: string };
      options?: Array<{ value: string }>;
    }>;
  };
}

const dashboard = JSON.parse(readFileSync(join(repositoryRoot, DASHBOARD_TARGET), 'utf8')) as Dashboard;
const panels = dashboard.panels.flatMap((p) => [p, ...(p.panels ?? [])]);
const queryPanels = panels.filter((p) => p.type !== 'row');

/** Series Prometheus itself makes: scrape health and alert state. */
const PROMETHEUS_SERIES = ['up', 'ALERTS'];

/**
 * Metric names the services expose, read from their sources (prom-client
 * definitions in services/* and packages/*), with a histogram's series.
 */
let exposed: Set<string> | undefined;
function exposedMetricNames(): Set<string> {
  if (exposed) return exposed;
  const names = new Set<string>();
  for (const top of ['services', 'packages']) {
    for (const entry of readdirSync(join(repositoryRoot, top), { recursive: true, encoding: 'utf8' })) {
      if (!/\/src\/.*\.ts$/.test(`/${entry}`) || entry.includes('node_modules')) continue;
      const text = readFileSync(join(repositoryRoot, top, entry), 'utf8');
      // `new Counter({ name: '…' })`, or a service's small builder: `counter('…', help, labels)`.
      const definitions = [
        ...text.matchAll(/new (Counter|Gauge|Histogram|Summary)\(\{\s*name: '([a-z_:]+)'/g),
        ...text.matchAll(/\b(counter|gauge|histogram|summary)(?:<[^>]*>)?\(\s*'([a-z_:]+)'/g),
      ];
      for (const m of definitions) {
        const kind = m[1]!.toLowerCase();
        const name = m[2]!;
        names.add(name);
        if (kind === 'histogram')
          for (const suffix of ['_bucket', '_sum', '_count']) names.add(name + suffix);
        if (kind === 'summary') for (const suffix of ['_sum', '_count']) names.add(name + suffix);
      }
    }
  }
  exposed = names;
  return names;
}

function recordedNames(): Set<string> {
  const rules = parse(readFileSync(join(repositoryRoot, RULES_TARGET), 'utf8')) as { groups: RuleGroup[] };
  return new Set(rules.groups.flatMap((g) => g.rules.flatMap((r) => ('record' in r ? [r.record] : []))));
}

/** Every query with dashboard variables replaced by each value they can take (the window is part of names). */
function expandedQueries(): Array<{ panel: string; expr: string }> {
  const windows = dashboard.templating.list.find((v) => v.name === 'window')!.options!.map((o) => o.value);
  const queries = queryPanels.flatMap((p) =>
    (p.targets ?? []).map((t) => ({ panel: p.title, expr: t.expr })),
  );
  for (const variable of dashboard.templating.list) {
    if (variable.type === 'query' && typeof variable.query === 'object') {
      const metric = /^label_values\(([a-zA-Z_:][\w:]*),/.exec(variable.query.query)?.[1];
      queries.push({ panel: `variable ${variable.name}`, expr: metric ?? variable.query.query });
    }
  }
  return queries.flatMap((q) =>
    q.expr.includes('$window') ? windows.map((w) => ({ ...q, expr: q.expr.replaceAll('$window', w) })) : [q],
  );
}

describe('the Grafana dashboard', () => {
  const known = new Set([...exposedMetricNames(), ...recordedNames(), ...PROMETHEUS_SERIES]);

  it('reads the metrics the monitor and escalation services define', () => {
    // The scan itself works: the monitor's SLI, a histogram's buckets and the escalation gauge are found.
    expect(known).toContain('slawatch_standard_outcomes_total');
    expect(known).toContain('slawatch_deadline_lateness_seconds_bucket');
    expect(known).toContain('slawatch_escalation_open_breaches');
    expect(known).toContain('slawatch:slo_error_budget_remaining:ratio');
    // The brief's guess at a gauge name that nothing defines is not accepted.
    expect(known).not.toContain('slawatch_open_breaches');
  });

  it('asks in every query only for metrics that exist in the services or the recording rules', () => {
    const unknown = expandedQueries().flatMap((q) =>
      metricNamesIn(q.expr)
        .filter((name) => !known.has(name))
        .map((name) => `${q.panel}: ${name}`),
    );
    expect(unknown).toEqual([]);
    // Every window offered has its recorded error ratio.
    expect(expandedQueries().some((q) => q.expr.includes('slawatch:sli_error_ratio:rate30d'))).toBe(true);
  });

  it('covers throughput, lag, dead letters, breaches, attainment, budget, latency and escalation', () => {
    const read = new Set(expandedQueries().flatMap((q) => metricNamesIn(q.expr)));
    for (const name of [
      'slawatch_events_total',
      'slawatch_consumer_lag_records',
      'slawatch_dead_letters_total',
      'slawatch_escalation_open_breaches',
      'slawatch_breach_changes_total',
      'slawatch:sli_error_ratio:rate1h',
      'slawatch:slo_objective_ratio',
      'slawatch:slo_benchmark_ratio',
      'slawatch:slo_error_budget_remaining:ratio',
      'slawatch_deadline_lateness_seconds_bucket',
      'slawatch_event_to_breach_seconds_bucket',
      'slawatch_escalation_notifications_total',
    ]) {
      expect(read, name).toContain(name);
    }
  });

  it('uses the provisioned Prometheus datasource, unique panel ids and a 24-column grid', () => {
    expect(dashboard.uid).toBe('slawatch');
    const ids = panels.map((p) => p.id);
    expect(new Set(ids).size).toBe(ids.length);
    for (const p of queryPanels) {
      expect(p.datasource?.uid, p.title).toBe('prometheus');
      expect(p.targets?.length, p.title).toBeGreaterThan(0);
      for (const t of p.targets ?? []) expect(t.datasource.uid).toBe('prometheus');
      expect(p.gridPos.x + p.gridPos.w, p.title).toBeLessThanOrEqual(24);
    }
  });
});

describe('panels that mean what they say', () => {
  const simulator = JSON.parse(
    readFileSync(join(repositoryRoot, SIMULATOR_DASHBOARD_TARGET), 'utf8'),
  ) as Dashboard;
  const simulatorPanels = simulator.panels.filter((p) => p.type !== 'row');

  it('repeat attainment per selected standard and the error budget per selected segment', () => {
    expect(queryPanels.filter((p) => p.repeat).map((p) => `${p.title} by ${p.repeat}`)).toEqual([
      'Attainment: $standard ($window) by standard',
      'Error budget remaining: $segment by segment',
    ]);
  });

  it('open with headline cells coloured by each segment’s objective and the standard’s benchmark', () => {
    const headline = queryPanels[0] as unknown as {
      title: string;
      type: string;
      fieldConfig: {
        overrides: Array<{ matcher: { options: string }; properties: Array<{ id: string; value: unknown }> }>;
      };
    };
    expect(headline).toMatchObject({ type: 'stat', title: 'Headline: attainment per segment ($window)' });
    const cell = headline.fieldConfig.overrides.find(
      (o) => o.matcher.options === 'key_account · delivered_on_time',
    );
    expect(cell?.properties[0]?.value).toEqual({
      mode: 'absolute',
      steps: [
        { color: 'red', value: null },
        { color: 'orange', value: 0.8439 },
        { color: 'green', value: 0.98 },
      ],
    });
    // One cell a segment and standard with an objective: 12 standards × 4 segments in the default file.
    expect(headline.fieldConfig.overrides).toHaveLength(48);
  });

  it('drop NaN from ratios and quantiles, and say so when nothing is left', () => {
    for (const p of [...queryPanels, ...simulatorPanels]) {
      for (const t of p.targets ?? []) {
        if (/histogram_quantile|sli_error_ratio|budget_remaining/.test(t.expr)) {
          expect(t.expr, p.title).toMatch(/>= 0$|> -Inf$|> 0\)$|\) >= 0\)?/);
          expect(p.fieldConfig?.defaults.noValue, p.title).toBeTruthy();
        }
      }
    }
  });

  it('keep the simulator in a dashboard of its own, reading only known metrics', () => {
    expect(simulator.uid).toBe('slawatch-simulator');
    const mainReads = queryPanels.flatMap((p) => (p.targets ?? []).flatMap((t) => metricNamesIn(t.expr)));
    expect(mainReads.filter((name) => name.startsWith('slawatch_simulator_'))).toEqual([]);
    const known = new Set([...exposedMetricNames(), ...recordedNames()]);
    const reads = simulatorPanels.flatMap((p) => (p.targets ?? []).flatMap((t) => metricNamesIn(t.expr)));
    expect(reads.filter((name) => !known.has(name))).toEqual([]);
    // Like with like: expected and detected are both counted per standard and level.
    for (const t of simulatorPanels[0]!.targets ?? []) expect(t.expr).toContain('sum by (standard, level)');
  });
});
