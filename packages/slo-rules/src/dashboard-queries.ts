/** PromQL pieces the dashboard rows share. */

/** The SLI series of the standards and segments chosen in the dashboard's variables. */
export const SLO = '{standard=~"$standard",segment=~"$segment"}';
/** Series labelled by standard only (benchmarks), for the standards chosen. */
export const BY_STANDARD = '{standard=~"$standard"}';
export const PER_MINUTE = 'per minute';

/** The p50 and p99 of a histogram over `window`, one series per value of `by` if given. */
export function quantiles(metric: string, window: string, by = ''): Array<{ expr: string; legend: string }> {
  const labels = by ? `le, ${by}` : 'le';
  return [0.5, 0.99].map((q) => ({
    expr: `histogram_quantile(${q}, sum by (${labels}) (rate(${metric}_bucket[${window}])))`,
    legend: `p${q * 100}${by ? ` {{${by}}}` : ''}`,
  }));
}
