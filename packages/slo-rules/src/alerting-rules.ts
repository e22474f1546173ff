import type { StandardsFile } from '@slawatch/standards';
import { BURN_RATE_TIERS, type BurnRateTier, burnRateFactor, burnRateThreshold } from './burn-rates.js';
import { numberText } from './number-text.js';
import { type SegmentObjective, segmentObjectivesOf } from './objectives.js';
import { recordNames } from './recording-rules.js';
import type { AlertingRule, RuleGroup } from './rule-types.js';

export interface AlertOptions {
  /**
   * Decided outcomes a segment needs in the long window before it may alert:
   * without it, one late parcel in a quiet segment is a 100 % error ratio.
   */
  minimumOutcomes: number;
}

export const DEFAULT_ALERT_OPTIONS: AlertOptions = { minimumOutcomes: 20 };

const SPEED_TEXT = {
  fast: { en: 'burning fast', zh: '快速消耗' },
  medium: { en: 'burning', zh: '持续消耗' },
  slow: { en: 'burning slowly', zh: '缓慢消耗' },
} as const;

function percent(ratio: number): string {
  return `${numberText(ratio * 100)}%`;
}

function burnRateAlert(objective: SegmentObjective, tier: BurnRateTier, options: AlertOptions): AlertingRule {
  const selector = `{standard="${objective.standard}",segment="${objective.segment}"}`;
  const { value, operator } = burnRateThreshold(tier, objective.target, objective.windowSeconds);
  const threshold = numberText(value);
  const factor = numberText(burnRateFactor(tier, objective.windowSeconds));
  const long = tier.longWindow;
  const short = tier.shortWindow;
  const expr =
    `(\n` +
    `  ${recordNames.errorRatio(long)}${selector} ${operator} ${threshold}\n` +
    `and\n` +
    `  ${recordNames.errorRatio(short)}${selector} ${operator} ${threshold}\n` +
    `)\n` +
    `and\n` +
    `  ${recordNames.decidedOutcomes(long)}${selector} >= ${options.minimumOutcomes}\n` +
    `and\n` +
    `  ${recordNames.history}${selector} >= ${tier.longWindowSeconds}\n`;
  const spent = percent(tier.budgetSpent);
  const action = tier.severity === 'page' ? 'Page the on-call owner of the standard.' : 'Open a ticket.';
  const actionZh = tier.severity === 'page' ? '立即通知值班负责人。' : '创建工单跟进。';
  const annotations: Record<string, string> = {
    summary: `${objective.title} (${objective.segment}): error budget ${SPEED_TEXT[tier.speed].en}`,
    description:
      `{{ $value | humanizePercentage }} of the decided "${objective.standard}" outcomes for ${objective.segment} ` +
      `were breached over the last ${long} (and over ${short}), against an objective of ${percent(objective.target)} ` +
      `over ${objective.window}: at ${factor}x the sustainable rate, ${spent} of the ${objective.window} error budget ` +
      `goes in ${long}. ${action}`,
  };
  if (objective.titleZh) {
    annotations['summary_zh'] =
      `${objective.titleZh}（${objective.segment}）：错误预算${SPEED_TEXT[tier.speed].zh}`;
    annotations['description_zh'] =
      `过去 ${long}（及 ${short}）内 ${objective.segment} 的「${objective.titleZh}」判定中有 {{ $value | humanizePercentage }} 未达标，` +
      `目标为 ${objective.window} 内 ${percent(objective.target)}；按此速度 ${long} 内消耗 ${spent} 的错误预算。${actionZh}`;
  }
  return {
    alert: tier.alert,
    expr,
    for: tier.for,
    labels: {
      severity: tier.severity,
      standard: objective.standard,
      segment: objective.segment,
      burn: tier.speed,
    },
    annotations,
  };
}

/** Multiwindow, multi-burn-rate alerts: one per objective (standard × segment) and tier. */
export function alertingRuleGroups(
  file: StandardsFile,
  options: AlertOptions = DEFAULT_ALERT_OPTIONS,
): RuleGroup[] {
  if (!Number.isInteger(options.minimumOutcomes) || options.minimumOutcomes < 1) {
    throw new Error(`minimumOutcomes: expected a whole number of at least 1, got ${options.minimumOutcomes}`);
  }
  const rules = segmentObjectivesOf(file).flatMap((objective) =>
    BURN_RATE_TIERS.map((tier) => burnRateAlert(objective, tier, options)),
  );
  return [{ name: 'slawatch-slo-burn-rate-alerts', rules }];
}
