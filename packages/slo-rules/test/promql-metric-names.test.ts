import { describe, expect, it } from 'vitest';
import { metricNamesIn } from '../src/index.js';

describe('metricNamesIn', () => {
  it('finds metric and recorded names, not functions, keywords, labels, strings or durations', () => {
    expect(
      metricNamesIn(
        'histogram_quantile(0.99, sum by (le, severity) (rate(slawatch_x_seconds_bucket{job=~"a|b",le!="inf"}[5m] offset 1h)))',
      ),
    ).toEqual(['slawatch_x_seconds_bucket']);
    expect(
      metricNamesIn(
        '(1 - slawatch:sli_error_ratio:rate1h{standard=~"$standard"}) - on (standard) group_left slawatch:slo_benchmark_ratio',
      ),
    ).toEqual(['slawatch:sli_error_ratio:rate1h', 'slawatch:slo_benchmark_ratio']);
    expect(metricNamesIn('a and b unless c or vector(1) > bool 2e-3')).toEqual(['a', 'b', 'c']);
    expect(metricNamesIn('sum without (instance) (up) * 60')).toEqual(['up']);
    expect(metricNamesIn('label_replace(m, "dst", "$1", "src", "(.*)")')).toEqual(['m']);
  });
});
