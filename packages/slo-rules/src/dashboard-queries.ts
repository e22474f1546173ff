/** PromQL pieces the dashboard rows share. */

/** The SLI series of the standards and segments chosen in the dashboard's variables. */
export const SLO = '{standard=~"$standard",segment=~"$segment"}';
/** Series labelled by standard only (benchmarks), for the standards chosen. */
export const BY_STANDARD = '{standard=~"$standard"}';
export const PER_MINUTE = 'per minute';

/**
 * Drops NaN samples: a comparison with NaN is false, so `x >= 0` keeps every
 * real ratio, quantile or duration and drops 0/0. The panel then shows its
 * empty state instead of NaN.
 */
export function withoutNaN(expr: string): string {
  return `(${expr}) >= 0`;
}

/**
 * The p50 and p99 of a histogram over `window`, one series per value of `by`
 * if given. With no observation in the window a quantile is NaN: dropped.
 */
export function quantiles(metric: string, window: string, by = ''): Array<{ expr: string; legend: string }> {
  const labels = by ? `le, ${by}` : 'le';
  return [0.5, 0.99].map((q) => ({
    expr: withoutNaN(`histogram_quantile(${q}, sum by (${labels}) (rate(${metric}_bucket[${window}])))`),
    legend: `p${q * 100}${by ? ` {{${by}}}` : ''}`,
  }));
}
