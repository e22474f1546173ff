import type { BreachChange } from '@slawatch/contract';
import { matches } from './matcher.js';
import type { EscalationFile, Policy } from './policy-file.js';

/** The policy for a breach: the first route whose matcher fits, else the default policy. */
export function routeBreach(file: EscalationFile, breach: BreachChange): { name: string; policy: Policy } {
  const route = file.routes.find((r) => matches(r.match, breach));
  const name = route?.policy ?? file.defaultPolicy;
  return { name, policy: file.policies[name]! };
}
