export { type AlertOptions, alertingRuleGroups, DEFAULT_ALERT_OPTIONS } from './alerting-rules.js';
export {
  type AlertSeverity,
  BURN_RATE_TIERS,
  type BurnRateTier,
  burnRateFactor,
  burnRateThreshold,
} from './burn-rates.js';
export { dashboard, dashboardText, simulatorDashboard, simulatorDashboardText } from './dashboard.js';
export {
  DASHBOARD_TARGET,
  type GeneratedFile,
  generatedFiles,
  RULES_TARGET,
  SIMULATOR_DASHBOARD_TARGET,
  STANDARDS_SOURCE,
  staleFiles,
  writeFiles,
} from './generated-files.js';
export { numberText } from './number-text.js';
export {
  benchmarksOf,
  type SegmentObjective,
  type StandardBenchmark,
  segmentObjectivesOf,
} from './objectives.js';
export { metricNamesIn } from './promql-metric-names.js';
export {
  recordingRuleGroups,
  recordNames,
  SLI_METRIC,
  SLI_WINDOWS,
  sliWindowsOf,
} from './recording-rules.js';
export { type GeneratedRules, generateRules } from './rule-file.js';
export type { AlertingRule, RecordingRule, RuleGroup } from './rule-types.js';
