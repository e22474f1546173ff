import type { StandardsFile } from '@slawatch/standards';
import { BURN_RATE_TIERS } from './burn-rates.js';
import { numberText } from './number-text.js';
import { benchmarksOf, segmentObjectivesOf } from './objectives.js';
import type { RecordingRule, RuleGroup } from './rule-types.js';

export const SLI_METRIC = 'slawatch_standard_outcomes_total';

/** The windows the burn-rate alerts read (their long and short windows); dashboards use them too. */
export const SLI_WINDOWS = [
  { window: '5m', seconds: 300 },
  { window: '30m', seconds: 1800 },
  { window: '1h', seconds: 3600 },
  { window: '6h', seconds: 21_600 },
  { window: '3d', seconds: 259_200 },
] as const;

export const recordNames = {
  errorRatio: (window: string) => `slawatch:sli_error_ratio:rate${window}`,
  decidedOutcomes: (window: string) => `slawatch:sli_decided_outcomes:increase${window}`,
  objective: 'slawatch:slo_objective_ratio',
  benchmark: 'slawatch:slo_benchmark_ratio',
  budgetRemaining: 'slawatch:slo_error_budget_remaining:ratio',
  history: 'slawatch:sli_history_seconds',
} as const;

/**
 * How far back the history record looks: the longest alert window and an hour
 * more, so "at least 3d of history" can be true.
 */
const HISTORY_LOOKBACK_HOURS = Math.max(...BURN_RATE_TIERS.map((t) => t.longWindowSeconds)) / 3600 + 1;

/**
 * Seconds since Prometheus first recorded outcomes of a standard and segment,
 * up to the lookback. A 3-day ratio over two minutes of data is a 2-minute
 * ratio: the alerts need at least their long window of history. The subquery
 * samples the short-window record every 5 minutes; `timestamp` gives the time
 * of the sample it finds, so a gap in the data does not restart the count.
 */
function historyRule(): RecordingRule {
  return {
    record: recordNames.history,
    expr:
      `time() - min_over_time(timestamp(${recordNames.decidedOutcomes('5m')})` +
      `[${HISTORY_LOOKBACK_HOURS}h:5m])`,
  };
}

/** Windows longer than a few hours read many samples: evaluated less often, in a group of their own. */
const LONG_WINDOW_SECONDS = 24 * 3600;

function sliRules(window: string): RecordingRule[] {
  const by = 'sum by (standard, segment)';
  return [
    {
      record: recordNames.errorRatio(window),
      expr:
        `${by} (rate(${SLI_METRIC}{result="breached"}[${window}]))\n` +
        `/\n${by} (rate(${SLI_METRIC}[${window}]))`,
    },
    { record: recordNames.decidedOutcomes(window), expr: `${by} (increase(${SLI_METRIC}[${window}]))` },
  ];
}

/** Every window the rules need, shortest first: the alert windows and each objective's own window. */
export function sliWindowsOf(file: StandardsFile): Array<{ window: string; seconds: number }> {
  const all = new Map<string, number>(SLI_WINDOWS.map((w) => [w.window, w.seconds]));
  for (const objective of segmentObjectivesOf(file)) all.set(objective.window, objective.windowSeconds);
  return [...all]
    .map(([window, seconds]) => ({ window, seconds }))
    .sort((a, b) => a.seconds - b.seconds || a.window.localeCompare(b.window));
}

/**
 * Recording rules: the SLI error ratio (breached / decided) and the number of
 * decided outcomes per standard and segment over each window, the objectives
 * and benchmarks as constant series, and the error budget left in each
 * objective's window.
 */
export function recordingRuleGroups(file: StandardsFile): RuleGroup[] {
  const objectives = segmentObjectivesOf(file);
  const constants: RecordingRule[] = [
    ...objectives.map((o) => ({
      record: recordNames.objective,
      expr: `vector(${numberText(o.target)})`,
      labels: { standard: o.standard, segment: o.segment },
    })),
    ...benchmarksOf(file).map((b) => ({
      record: recordNames.benchmark,
      expr: `vector(${numberText(b.benchmark)})`,
      labels: { standard: b.standard },
    })),
  ];
  const windows = sliWindowsOf(file);
  const short = windows.filter((w) => w.seconds < LONG_WINDOW_SECONDS).flatMap((w) => sliRules(w.window));
  const long = windows.filter((w) => w.seconds >= LONG_WINDOW_SECONDS).flatMap((w) => sliRules(w.window));

  // One rule per objective window (standards with the same window share it; the join on the objective
  // keeps standards without one out). Two rules recording one name need a label to tell them apart.
  const byWindow = new Map<string, string[]>();
  for (const o of objectives) {
    const standards = byWindow.get(o.window) ?? [];
    if (!standards.includes(o.standard)) standards.push(o.standard);
    byWindow.set(o.window, standards);
  }
  const budget: RecordingRule[] = [...byWindow].map(([window, standards]) => {
    const selector = byWindow.size === 1 ? '' : `{standard=~"${standards.join('|')}"}`;
    const rule: RecordingRule = {
      record: recordNames.budgetRemaining,
      expr:
        `1 - ${recordNames.errorRatio(window)}${selector}\n` +
        `/ on (standard, segment)\n(1 - ${recordNames.objective}${selector})`,
    };
    if (byWindow.size > 1) rule.labels = { objective_window: window };
    return rule;
  });
  return [
    { name: 'slawatch-slo-objectives', rules: constants },
    { name: 'slawatch-sli-short-windows', rules: short },
    { name: 'slawatch-sli-long-windows', interval: '1m', rules: [...long, ...budget, historyRule()] },
  ];
}
