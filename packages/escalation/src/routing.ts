import type { BreachChange } from '@slawatch/contract';
import type { Grouping } from './grouping.js';
import { matches } from './matcher.js';
import type { EscalationFile, Policy } from './policy-file.js';

/**
 * The policy for a breach: the first route whose matcher fits, else the
 * default policy; and how it groups: the route's `group`, else the policy's
 * (digest policies never group: a digest already is one message).
 */
export function routeBreach(
  file: EscalationFile,
  breach: BreachChange,
): { name: string; policy: Policy; grouping: Grouping } {
  const route = file.routes.find((r) => matches(r.match, breach));
  const name = route?.policy ?? file.defaultPolicy;
  const policy = file.policies[name]!;
  const grouping = policy.kind === 'escalate' ? (route?.group ?? policy.group) : 'none';
  return { name, policy, grouping };
}
