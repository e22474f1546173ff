/** The console's words in English and Chinese; the choice is remembered in localStorage. */
export type Language = 'en' | 'zh';

const en = {
  title: 'slawatch on-call',
  overview: 'Overview',
  incidents: 'Incidents',
  breaches: 'Breaches',
  silences: 'Silences',
  signIn: 'Sign in',
  signOut: 'Sign out',
  token: 'API token',
  tokenHelp: 'Your ops API token; it is exchanged for a session and not kept in this page.',
  signedInAs: 'Signed in as',
  language: 'Language',
  status: 'Status',
  severity: 'Severity',
  standard: 'Standard',
  segment: 'Segment',
  facility: 'Facility',
  lane: 'Lane',
  range: 'Time range',
  sort: 'Sort',
  newest: 'Newest first',
  oldest: 'Oldest first',
  bySeverity: 'Most severe first',
  page: 'Page',
  of: 'of',
  previous: 'Previous',
  next: 'Next',
  shown: 'shown',
  clearFilters: 'Clear filters',
  live: 'Live',
  offline: 'Reconnecting…',
  nothing: 'Nothing here.',
  truncated: 'Only the newest rows in this range are counted.',
  openIncidentsBySeverity: 'Open incidents by severity',
  breachesLastHour: 'Breaches opened in the last hour, by standard',
  topFacilities: 'Facilities with the most open breaches',
  cause: 'Likely cause',
  lastSeen: 'Last seen',
  route: 'Lane',
  customer: 'Customer account',
  members: 'Members',
  timeline: 'Timeline',
  evidence: 'Evidence events',
  noEvidence: 'None: a deadline passing opened it.',
  standardText: 'Standard',
  whatToDo: 'What to do',
  notified: 'Notified',
  policy: 'Policy',
  opened: 'Opened',
  detected: 'Detected',
  due: 'Due',
  waybill: 'Waybill',
  acknowledge: 'Acknowledge',
  resolve: 'Resolve',
  silence: 'Silence',
  silenceIncident: 'Silence incident messages',
  liftSilence: 'Lift silence',
  preview: 'Preview',
  create: 'Create silence',
  duration: 'Duration',
  comment: 'Comment',
  reason: 'Reason (needed for a broad silence)',
  matchers: 'Matches',
  wouldSilence: 'Would silence {n} open breaches now',
  allowed: 'Allowed for you',
  refused: 'Not allowed',
  acknowledgeWithLink: 'Acknowledge with this link',
  linkHint: 'You opened an acknowledge link. Acknowledge with it, or sign in to see the details.',
  done: 'Done',
  back: 'Back to the list',
  open: 'open',
  total: 'total',
  author: 'Author',
  ends: 'Ends',
  active: 'Active',
  none: 'none',
  incident: 'Incident',
  acknowledgedBy: 'Acknowledged by',
  silencedUntil: 'Messages held until',
} as const;

export type Key = keyof typeof en;

const zh: Record<Key, string> = {
  title: 'slawatch 值班台',
  overview: '概览',
  incidents: '事件',
  breaches: '违约',
  silences: '静默',
  signIn: '登录',
  signOut: '退出',
  token: 'API 令牌',
  tokenHelp: '您的运维 API 令牌；它换成会话，页面不保存它。',
  signedInAs: '当前用户',
  language: '语言',
  status: '状态',
  severity: '严重程度',
  standard: '标准',
  segment: '客户类型',
  facility: '网点',
  lane: '线路',
  range: '时间范围',
  sort: '排序',
  newest: '最新在前',
  oldest: '最早在前',
  bySeverity: '最严重在前',
  page: '第',
  of: '页，共',
  previous: '上一页',
  next: '下一页',
  shown: '条',
  clearFilters: '清除筛选',
  live: '实时',
  offline: '重新连接中…',
  nothing: '暂无内容。',
  truncated: '只统计了此范围内最新的记录。',
  openIncidentsBySeverity: '未关闭事件（按严重程度）',
  breachesLastHour: '最近一小时新增违约（按标准）',
  topFacilities: '未关闭违约最多的网点',
  cause: '可能原因',
  lastSeen: '最后出现',
  route: '线路',
  customer: '客户账号',
  members: '成员',
  timeline: '时间线',
  evidence: '证据事件',
  noEvidence: '无：由时限到期触发。',
  standardText: '服务标准',
  whatToDo: '处理建议',
  notified: '已通知',
  policy: '升级策略',
  opened: '开启时间',
  detected: '发现时间',
  due: '应完成时间',
  waybill: '运单号',
  acknowledge: '确认处理',
  resolve: '解决',
  silence: '静默',
  silenceIncident: '静默事件消息',
  liftSilence: '解除静默',
  preview: '预览',
  create: '创建静默',
  duration: '时长',
  comment: '说明',
  reason: '理由（范围广的静默必填）',
  matchers: '匹配条件',
  wouldSilence: '现在会静默 {n} 条未关闭违约',
  allowed: '您可以创建',
  refused: '不允许',
  acknowledgeWithLink: '用此链接确认处理',
  linkHint: '您打开了确认链接。可直接确认，或登录查看详情。',
  done: '完成',
  back: '返回列表',
  open: '未关闭',
  total: '总数',
  author: '创建人',
  ends: '结束',
  active: '生效中',
  none: '无',
  incident: '事件',
  acknowledgedBy: '确认人',
  silencedUntil: '消息暂停至',
};

/** Values of closed vocabularies shown in the chips and lists. */
const zhValues: Record<string, string> = {
  open: '未处理',
  acknowledged: '已确认',
  silenced: '已静默',
  resolved: '已解决',
  retracted: '已撤回',
  critical: '严重',
  major: '重要',
  minor: '一般',
  key_account: '大客户',
  ecommerce: '电商',
  sme: '中小企业',
  individual: '个人',
  '15m': '15 分钟',
  '1h': '1 小时',
  '6h': '6 小时',
  '24h': '24 小时',
  '7d': '7 天',
  opened: '开启',
  step: '升级步骤',
  notified: '已通知',
  'delivery-failed': '发送失败',
  suppressed: '已抑制',
  'merged-into-digest': '并入汇总',
  digested: '已汇总',
  'resolved-notice': '解决通知',
  'escalation-exhausted': '升级已用尽',
  grouped: '归入事件',
  unsilenced: '解除静默',
  'incident-opened': '事件开启',
  paged: '已呼叫',
};

const dictionaries: Record<Language, Record<Key, string>> = { en, zh };

export function translate(language: Language, key: Key, values?: Record<string, string | number>): string {
  let text = dictionaries[language][key];
  for (const [name, value] of Object.entries(values ?? {})) text = text.replace(`{${name}}`, String(value));
  return text;
}

/** A vocabulary value (a state, a severity, a segment) in the chosen language. */
export function value(language: Language, text: string): string {
  return language === 'zh' ? (zhValues[text] ?? text) : text;
}

const STORAGE_KEY = 'slawatch.language';

export function rememberedLanguage(): Language {
  try {
    const stored = localStorage.getItem(STORAGE_KEY);
    if (stored === 'en' || stored === 'zh') return stored;
  } catch {
    // Storage blocked: fall through to the browser's language.
  }
  return navigator.language.toLowerCase().startsWith('zh') ? 'zh' : 'en';
}

export function rememberLanguage(language: Language): void {
  try {
    localStorage.setItem(STORAGE_KEY, language);
  } catch {
    // Storage blocked: the choice lasts for this page only.
  }
}
