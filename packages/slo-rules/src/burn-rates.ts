import { rounded } from './number-text.js';

export type AlertSeverity = 'page' | 'ticket';

/**
 * One tier of the multiwindow, multi-burn-rate alerts (Google SRE workbook,
 * "Alerting on SLOs"): fire when both the long and the short window burn the
 * error budget fast enough to spend `budgetSpent` of it within the long window.
 * The short window makes the alert stop soon after the burning stops.
 */
export interface BurnRateTier {
  alert: string;
  speed: 'fast' | 'medium' | 'slow';
  severity: AlertSeverity;
  longWindow: string;
  longWindowSeconds: number;
  shortWindow: string;
  budgetSpent: number;
  /**
   * How long both windows must stay over the threshold before the alert fires:
   * long enough that one evaluation on a noisy ratio does not page, short next
   * to the time the tier takes to spend its share of the budget.
   */
  for: string;
}

export const BURN_RATE_TIERS: readonly BurnRateTier[] = [
  {
    alert: 'SlawatchErrorBudgetFastBurn',
    speed: 'fast',
    severity: 'page',
    longWindow: '1h',
    longWindowSeconds: 3600,
    shortWindow: '5m',
    budgetSpent: 0.02,
    for: '2m',
  },
  {
    alert: 'SlawatchErrorBudgetMediumBurn',
    speed: 'medium',
    severity: 'page',
    longWindow: '6h',
    longWindowSeconds: 6 * 3600,
    shortWindow: '30m',
    budgetSpent: 0.05,
    for: '15m',
  },
  {
    alert: 'SlawatchErrorBudgetSlowBurn',
    speed: 'slow',
    severity: 'ticket',
    longWindow: '3d',
    longWindowSeconds: 3 * 86_400,
    shortWindow: '6h',
    budgetSpent: 0.1,
    for: '1h',
  },
];

/**
 * How many times faster than "exactly on budget" the errors must come: for a
 * 30-day objective 14.4, 6 and 1, as in the workbook; other objective windows
 * keep the same share of budget spent per long window.
 */
export function burnRateFactor(tier: BurnRateTier, objectiveWindowSeconds: number): number {
  return rounded((tier.budgetSpent * objectiveWindowSeconds) / tier.longWindowSeconds);
}

/**
 * The error ratio above which a tier fires. A ratio cannot exceed 1, so a
 * threshold past 1 (14.4 × a 7 % budget) would never fire: it is capped at 1
 * and compared with `>=`, so a segment where everything breaches still pages.
 */
export function burnRateThreshold(
  tier: BurnRateTier,
  target: number,
  objectiveWindowSeconds: number,
): { value: number; operator: '>' | '>=' } {
  const threshold = rounded(burnRateFactor(tier, objectiveWindowSeconds) * (1 - target));
  return threshold >= 1 ? { value: 1, operator: '>=' } : { value: threshold, operator: '>' };
}
