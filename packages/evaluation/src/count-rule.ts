import type { CountRule } from '@slawatch/standards';
import { type Facts, hasEnded } from './facts.js';
import { type Judgement, NOTHING } from './judgement.js';

/** Breached when more than `moreThan` events of the kinds arrived; met when the shipment ended below that. */
export function judgeCount(facts: Facts, rule: CountRule): Judgement {
  let count = 0;
  for (const e of facts.state.events) if (rule.event.includes(e.type)) count++;
  if (count > rule.moreThan) {
    return { ...NOTHING, breaches: [{ level: 'breach', occurrence: 0, status: 'open' }], outcome: false };
  }
  return { ...NOTHING, outcome: hasEnded(facts.compiled, facts.state) ? true : undefined };
}
