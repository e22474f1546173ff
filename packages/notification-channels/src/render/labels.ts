import type { Element, Level, Phase, Product, RouteClass, Segment, Severity } from '@slawatch/contract';

/** A name in both languages; on-call staff read Chinese first, English for the international desk. */
export interface Bilingual {
  zh: string;
  en: string;
}

export const SEVERITY_NAMES: Record<Severity, Bilingual> = {
  minor: { zh: '一般', en: 'minor' },
  major: { zh: '重要', en: 'major' },
  critical: { zh: '紧急', en: 'critical' },
};

export const LEVEL_NAMES: Record<Level, Bilingual> = {
  warn: { zh: '预警', en: 'warning' },
  breach: { zh: '违约', en: 'breach' },
  critical: { zh: '严重违约', en: 'critical breach' },
};

export const SEGMENT_NAMES: Record<Segment, Bilingual> = {
  key_account: { zh: '大客户', en: 'key account' },
  ecommerce: { zh: '电商', en: 'e-commerce' },
  sme: { zh: '中小企业', en: 'SME' },
  individual: { zh: '个人', en: 'individual' },
};

export const PRODUCT_NAMES: Record<Product, Bilingual> = {
  same_day: { zh: '当日达', en: 'same day' },
  next_day: { zh: '次日达', en: 'next day' },
  second_day: { zh: '隔日达', en: 'second day' },
  standard: { zh: '标准快递', en: 'standard' },
};

export const ROUTE_NAMES: Record<RouteClass, Bilingual> = {
  same_city: { zh: '同城', en: 'same city' },
  intra_province: { zh: '省内', en: 'intra-province' },
  inter_province: { zh: '跨省', en: 'inter-province' },
  remote: { zh: '偏远地区', en: 'remote' },
};

export const ELEMENT_NAMES: Record<Element, Bilingual> = {
  time: { zh: '时间', en: 'time' },
  reliability: { zh: '可靠性', en: 'reliability' },
  communication: { zh: '沟通', en: 'communication' },
  convenience: { zh: '便利', en: 'convenience' },
};

export const PHASE_NAMES: Record<Phase, Bilingual> = {
  pre_transaction: { zh: '交易前', en: 'pre-transaction' },
  transaction: { zh: '交易中', en: 'transaction' },
  post_transaction: { zh: '交易后', en: 'post-transaction' },
};

/** `大客户 key account` — Chinese, then English. */
export function both(name: Bilingual): string {
  return `${name.zh} ${name.en}`;
}
