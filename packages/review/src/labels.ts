/** The review's words in English and Chinese; the standards file gives the standards' own titles. */
export type Language = 'en' | 'zh';

export const LABELS = {
  en: {
    title: 'Service-mix review',
    period: 'Order days',
    standards: 'Standards file',
    standard: 'Standard',
    segment: 'Segment',
    product: 'Product',
    route: 'Route',
    judged: 'Judged',
    met: 'Met',
    attainment: 'Attainment',
    objective: 'Objective',
    benchmark: 'Benchmark',
    gapToObjective: 'Gap to objective',
    gapToBenchmark: 'Gap to benchmark',
    breached: 'Breached (warn/breach/critical)',
    trend: 'Trend',
    total: 'All judged outcomes',
    belowObjective: 'below objective',
    belowBenchmark: 'below benchmark',
    legend: 'Bars: attainment; black tick: objective; dashed line: benchmark.',
    empty: 'Nothing judged in this period.',
    generated: 'Generated',
    perDay: 'per day',
    perWeek: 'per week',
  },
  zh: {
    title: '服务组合评审',
    period: '下单日期',
    standards: '服务标准文件',
    standard: '服务标准',
    segment: '客户群',
    product: '产品',
    route: '线路',
    judged: '已判定',
    met: '达标',
    attainment: '达标率',
    objective: '目标',
    benchmark: '对标（定点超越）',
    gapToObjective: '与目标差距',
    gapToBenchmark: '与对标差距',
    breached: '违约（预警/违约/严重）',
    trend: '趋势',
    total: '全部已判定结果',
    belowObjective: '低于目标',
    belowBenchmark: '低于对标',
    legend: '柱：达标率；黑色刻度：目标；虚线：对标。',
    empty: '该期间没有已判定的结果。',
    generated: '生成时间',
    perDay: '按日',
    perWeek: '按周',
  },
} as const;

export const PHASE_LABELS: Record<Language, Record<string, string>> = {
  en: {
    pre_transaction: 'Pre-transaction',
    transaction: 'Transaction',
    post_transaction: 'Post-transaction',
  },
  zh: { pre_transaction: '交易前要素', transaction: '交易中要素', post_transaction: '交易后要素' },
};

export const ELEMENT_LABELS: Record<Language, Record<string, string>> = {
  en: {
    time: 'Time',
    reliability: 'Reliability',
    communication: 'Communication',
    convenience: 'Convenience',
  },
  zh: { time: '时间', reliability: '可靠性', communication: '沟通', convenience: '方便' },
};

/** `97.5 %`, or `–` when there is nothing to show. */
export function percent(value: number | null, digits = 1): string {
  return value === null ? '–' : `${(value * 100).toFixed(digits)} %`;
}

/** `+1.2 pp` / `−3.4 pp`: a gap in percentage points. */
export function points(value: number | null): string {
  if (value === null) return '–';
  const text = (Math.abs(value) * 100).toFixed(1);
  return `${value < 0 ? '−' : '+'}${text} pp`;
}
