import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { parseStandards } from '@slawatch/standards';
import { describe, expect, it } from 'vitest';
import { parse } from 'yaml';
import {
  BURN_RATE_TIERS,
  burnRateFactor,
  generatedFiles,
  generateRules,
  metricNamesIn,
  RULES_TARGET,
  type RuleGroup,
  SLI_WINDOWS,
  staleFiles,
} from '../src/index.js';
import {
  defaultStandardIds,
  defaultStandardsText,
  editedDefaultStandards,
  repositoryRoot,
  withoutObjectives,
} from './support.js';

interface ParsedRule {
  record?: string;
  alert?: string;
  expr: string;
  labels?: Record<string, string>;
  for?: string;
  annotations?: Record<string, string>;
}

function rulesOf(yaml: string): ParsedRule[] {
  return (parse(yaml) as { groups: RuleGroup[] }).groups.flatMap((g) => g.rules as ParsedRule[]);
}

function alert(yaml: string, name: string, segment: string, standard = 'delivered_on_time'): ParsedRule {
  const found = rulesOf(yaml).find(
    (r) => r.alert === name && r.labels?.['segment'] === segment && r.labels?.['standard'] === standard,
  );
  if (!found) throw new Error(`no ${name} for ${standard} ${segment}`);
  return found;
}

/** The threshold an alert compares the long-window error ratio with. */
function thresholdOf(rule: ParsedRule): string {
  const match = /:rate\w+\{[^}]*\} (>=?) ([\d.e-]+)\n/.exec(rule.expr);
  if (!match) throw new Error(`no threshold in ${rule.expr}`);
  return `${match[1]} ${match[2]}`;
}

const defaults = parseStandards('standards/default.yaml', defaultStandardsText());

describe('generated rules and dashboard are committed', () => {
  it('infra/prometheus/generated and infra/grafana/dashboards match what the generator makes now', () => {
    const stale = staleFiles(repositoryRoot, generatedFiles(repositoryRoot));
    expect(stale, `stale: run npx tsx packages/slo-rules/src/main.ts`).toEqual([]);
  });

  it('a committed file that differs from the generated one is reported stale', () => {
    const root = mkdtempSync(join(tmpdir(), 'slo-rules-'));
    try {
      const files = generatedFiles(repositoryRoot);
      for (const f of files) {
        mkdirSync(dirname(join(root, f.path)), { recursive: true });
        writeFileSync(join(root, f.path), f.content);
      }
      expect(staleFiles(root, files)).toEqual([]);
      writeFileSync(join(root, RULES_TARGET), files[0]!.content.replace('vector(0.98)', 'vector(0.97)'));
      expect(staleFiles(root, files)).toEqual([RULES_TARGET]);
      rmSync(join(root, RULES_TARGET));
      expect(staleFiles(root, files)).toEqual([RULES_TARGET]);
    } finally {
      rmSync(root, { recursive: true, force: true });
    }
  });
});

describe('objectives drive the rules', () => {
  it('raising the key_account target halves its error budget and every burn-rate threshold', () => {
    const before = generateRules(defaults, 'default').alerting;
    const raised = editedDefaultStandards((doc, indexOf) =>
      doc.setIn(['standards', indexOf('delivered_on_time'), 'objectives', 'target', 'key_account'], 0.99),
    );
    const after = generateRules(raised, 'default').alerting;
    expect(thresholdOf(alert(before, 'SlawatchErrorBudgetFastBurn', 'key_account'))).toBe('> 0.288');
    expect(thresholdOf(alert(after, 'SlawatchErrorBudgetFastBurn', 'key_account'))).toBe('> 0.144');
    expect(thresholdOf(alert(before, 'SlawatchErrorBudgetMediumBurn', 'key_account'))).toBe('> 0.12');
    expect(thresholdOf(alert(after, 'SlawatchErrorBudgetMediumBurn', 'key_account'))).toBe('> 0.06');
    expect(thresholdOf(alert(after, 'SlawatchErrorBudgetSlowBurn', 'key_account'))).toBe('> 0.01');
    // The other segments keep theirs.
    expect(thresholdOf(alert(after, 'SlawatchErrorBudgetFastBurn', 'ecommerce'))).toBe('> 0.72');
    const recorded = generateRules(raised, 'default').recording;
    const objective = rulesOf(recorded).find(
      (r) =>
        r.record === 'slawatch:slo_objective_ratio' &&
        r.labels?.['standard'] === 'delivered_on_time' &&
        r.labels?.['segment'] === 'key_account',
    );
    expect(objective?.expr).toBe('vector(0.99)');
  });

  it('a threshold a ratio cannot exceed is capped at 1 and compared with >=', () => {
    // individual: 14.4 x 7 % = 100.8 %, which no error ratio reaches.
    const rules = generateRules(defaults, 'default').alerting;
    expect(thresholdOf(alert(rules, 'SlawatchErrorBudgetFastBurn', 'individual'))).toBe('>= 1');
    expect(thresholdOf(alert(rules, 'SlawatchErrorBudgetMediumBurn', 'individual'))).toBe('> 0.42');
  });

  it('burn-rate factors are the SRE workbook ones for 30 days and keep the budget share for other windows', () => {
    expect(BURN_RATE_TIERS.map((t) => burnRateFactor(t, 30 * 86_400))).toEqual([14.4, 6, 1]);
    expect(BURN_RATE_TIERS.map((t) => burnRateFactor(t, 7 * 86_400))).toEqual([3.36, 1.4, 0.2333333333]);
    const weekly = editedDefaultStandards((doc, indexOf) =>
      doc.setIn(['standards', indexOf('delivered_on_time'), 'objectives', 'window'], '7d'),
    );
    const rules = generateRules(weekly, 'default');
    // 3.36 x 2 % budget
    expect(thresholdOf(alert(rules.alerting, 'SlawatchErrorBudgetFastBurn', 'key_account'))).toBe('> 0.0672');
    expect(rulesOf(rules.recording).map((r) => r.record)).toContain('slawatch:sli_error_ratio:rate7d');
    expect(rules.recording).toContain('1 - slawatch:sli_error_ratio:rate7d{standard=~"delivered_on_time"}');
  });

  it('a single target, a default target and appliesTo segments decide which segments get objectives', () => {
    const edited = editedDefaultStandards((doc, indexOf) => {
      withoutObjectives(doc, indexOf, ['delivered_on_time']);
      doc.setIn(['standards', indexOf('complaint_answered'), 'objectives'], { target: 0.9 });
      doc.setIn(['standards', indexOf('claim_settled'), 'objectives'], {
        target: { default: 0.8, key_account: 0.9 },
        benchmark: 0.7,
      });
      doc.setIn(['standards', indexOf('stockout'), 'appliesTo'], { segments: ['ecommerce'] });
      doc.setIn(['standards', indexOf('stockout'), 'objectives'], { target: 0.99 });
    });
    const rules = rulesOf(generateRules(edited, 'edited').recording);
    const objectives = rules
      .filter((r) => r.record === 'slawatch:slo_objective_ratio')
      .map((r) => `${r.labels!['standard']}/${r.labels!['segment']}=${r.expr}`);
    expect(objectives).toEqual([
      'stockout/ecommerce=vector(0.99)',
      'delivered_on_time/key_account=vector(0.98)',
      'delivered_on_time/ecommerce=vector(0.95)',
      'delivered_on_time/sme=vector(0.95)',
      'delivered_on_time/individual=vector(0.93)',
      'complaint_answered/key_account=vector(0.9)',
      'complaint_answered/ecommerce=vector(0.9)',
      'complaint_answered/sme=vector(0.9)',
      'complaint_answered/individual=vector(0.9)',
      'claim_settled/key_account=vector(0.9)',
      'claim_settled/ecommerce=vector(0.8)',
      'claim_settled/sme=vector(0.8)',
      'claim_settled/individual=vector(0.8)',
    ]);
    const benchmarks = rules.filter((r) => r.record === 'slawatch:slo_benchmark_ratio');
    expect(benchmarks.map((r) => [r.labels!['standard'], r.expr])).toEqual([
      ['delivered_on_time', 'vector(0.8439)'],
      ['claim_settled', 'vector(0.7)'],
    ]);
    const alerts = rulesOf(generateRules(edited, 'edited').alerting);
    expect(alerts).toHaveLength(13 * 3);
  });

  it('a file without objectives still records the SLI but has no objectives or alerts', () => {
    const none = editedDefaultStandards((doc, indexOf) => withoutObjectives(doc, indexOf));
    const rules = generateRules(none, 'none');
    expect(rulesOf(rules.alerting)).toEqual([]);
    const records = rulesOf(rules.recording).map((r) => r.record);
    expect(records).not.toContain('slawatch:slo_objective_ratio');
    expect(records).toContain('slawatch:sli_error_ratio:rate3d');
  });
});

describe('alert rules', () => {
  const rules = generateRules(defaults, 'default');
  const alerts = rulesOf(rules.alerting);

  it('every standard of the default file has an objective for every segment', () => {
    expect(defaults.standards.filter((s) => !s.objectives).map((s) => s.id)).toEqual([]);
    expect(defaultStandardIds()).toHaveLength(12);
  });

  it('has a page at 1h/5m and 6h/30m and a ticket at 3d/6h for every standard and segment', () => {
    expect(
      alerts.map(
        (a) => `${a.alert} ${a.labels!['severity']} ${a.labels!['standard']} ${a.labels!['segment']}`,
      ),
    ).toEqual(
      defaultStandardIds().flatMap((standard) =>
        ['key_account', 'ecommerce', 'sme', 'individual'].flatMap((segment) => [
          `SlawatchErrorBudgetFastBurn page ${standard} ${segment}`,
          `SlawatchErrorBudgetMediumBurn page ${standard} ${segment}`,
          `SlawatchErrorBudgetSlowBurn ticket ${standard} ${segment}`,
        ]),
      ),
    );
    const fast = alert(rules.alerting, 'SlawatchErrorBudgetFastBurn', 'sme');
    expect(metricNamesIn(fast.expr)).toEqual([
      'slawatch:sli_decided_outcomes:increase1h',
      'slawatch:sli_error_ratio:rate1h',
      'slawatch:sli_error_ratio:rate5m',
      'slawatch:sli_history_seconds',
    ]);
    for (const a of alerts) {
      const standard = defaults.standards.find((s) => s.id === a.labels!['standard'])!;
      expect(a.annotations?.['summary']).toMatch(/error budget/);
      expect(a.annotations?.['description']).toContain('{{ $value | humanizePercentage }}');
      expect(a.annotations?.['summary_zh']).toContain(standard.titleZh);
    }
  });

  it('holds every alert for the `for:` of its tier and only fires once its long window has been watched whole', () => {
    const expected = {
      SlawatchErrorBudgetFastBurn: { for: '2m', history: 3600 },
      SlawatchErrorBudgetMediumBurn: { for: '15m', history: 21_600 },
      SlawatchErrorBudgetSlowBurn: { for: '1h', history: 259_200 },
    } as Record<string, { for: string; history: number }>;
    for (const a of alerts) {
      const tier = expected[a.alert!]!;
      expect(a.for).toBe(tier.for);
      expect(a.expr).toMatch(new RegExp(`slawatch:sli_history_seconds\\{[^}]+\\} >= ${tier.history}\n$`));
    }
    const history = rulesOf(rules.recording).find((r) => r.record === 'slawatch:sli_history_seconds');
    // The lookback reaches past the longest window (3d), or "3 days watched" could never be true.
    expect(history?.expr).toBe(
      'time() - min_over_time(timestamp(slawatch:sli_decided_outcomes:increase5m)[73h:5m])',
    );
  });

  it('reads only series the recording rules produce', () => {
    const recorded = new Set(rulesOf(rules.recording).map((r) => r.record));
    for (const a of alerts) for (const name of metricNamesIn(a.expr)) expect(recorded).toContain(name);
    for (const tier of BURN_RATE_TIERS) {
      const windows = SLI_WINDOWS.map((w) => w.window) as string[];
      expect(windows).toContain(tier.longWindow);
      expect(windows).toContain(tier.shortWindow);
    }
  });

  it('guards every alert with the configurable minimum of decided outcomes in its long window', () => {
    for (const a of alerts)
      expect(a.expr).toMatch(/slawatch:sli_decided_outcomes:increase(1h|6h|3d)\{[^}]+\} >= 20\n/);
    const strict = rulesOf(generateRules(defaults, 'default', { minimumOutcomes: 500 }).alerting);
    for (const a of strict) expect(a.expr).toContain('>= 500\n');
    expect(() => generateRules(defaults, 'default', { minimumOutcomes: 0 })).toThrow(/minimumOutcomes/);
  });

  it('is the same text for the same file, and names its source', () => {
    expect(generateRules(defaults, 'default').file).toBe(rules.file);
    expect(rules.file.startsWith('# Generated from default (standards version 2026.11-default)')).toBe(true);
    expect(rulesOf(rules.file)).toEqual([...rulesOf(rules.recording), ...alerts, ...rulesOf(rules.service)]);
  });
});
