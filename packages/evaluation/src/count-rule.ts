import type { CountRule } from '@slawatch/standards';
import { type Facts, hasEnded } from './facts.js';
import { BREACHED_ONCE, type Judgement, MET, NOTHING } from './judgement.js';

/** Breached when more than `moreThan` events of the kinds arrived; met when the shipment ended below that. */
export function judgeCount(facts: Facts, rule: CountRule): Judgement {
  let count = 0;
  for (const e of facts.state.events) if (rule.event.includes(e.type)) count++;
  if (count > rule.moreThan) {
    return BREACHED_ONCE;
  }
  // Shared judgements, never written to: one is made per standard and event otherwise.
  return hasEnded(facts.compiled, facts.state) ? MET : NOTHING;
}
