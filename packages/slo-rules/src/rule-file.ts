import type { StandardsFile } from '@slawatch/standards';
import { stringify } from 'yaml';
import { type AlertOptions, alertingRuleGroups, DEFAULT_ALERT_OPTIONS } from './alerting-rules.js';
import { consumerAlertGroup } from './consumer-alerts.js';
import { recordingRuleGroups } from './recording-rules.js';
import type { RuleGroup } from './rule-types.js';

export interface GeneratedRules {
  /** Recording rule groups as Prometheus rule file YAML. */
  recording: string;
  /** The standards' burn-rate alerting rule groups as Prometheus rule file YAML. */
  alerting: string;
  /** Alerts on the services themselves (a consumer not consuming). */
  service: string;
  /** All of them in one rule file, with a header naming the source: what the CLI writes. */
  file: string;
}

function render(groups: RuleGroup[]): string {
  // lineWidth 0: long expressions stay on one line instead of being folded.
  return stringify({ groups }, { lineWidth: 0, blockQuote: 'literal' });
}

/**
 * Prometheus rules for the objectives of a standards file. The output depends
 * only on the file and the options, in the file's order, so the committed
 * rules can be compared with freshly generated ones.
 */
export function generateRules(
  standards: StandardsFile,
  source: string,
  options: AlertOptions = DEFAULT_ALERT_OPTIONS,
): GeneratedRules {
  const recording = recordingRuleGroups(standards);
  const alerting = alertingRuleGroups(standards, options);
  // The consumer alert watches the services themselves, whatever the standards say.
  const service = [consumerAlertGroup()];
  const header =
    `# Generated from ${source} (standards version ${standards.version}) by packages/slo-rules; do not edit.\n` +
    `# Regenerate: npx tsx packages/slo-rules/src/main.ts\n`;
  return {
    recording: render(recording),
    alerting: render(alerting),
    service: render(service),
    file: header + render([...recording, ...alerting, ...service]),
  };
}
