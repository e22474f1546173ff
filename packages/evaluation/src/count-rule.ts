import type { CountRule } from '@slawatch/standards';
import type { Facts } from './facts.js';
import { type Judgement, NOTHING } from './judgement.js';

/** Breached when more than `moreThan` events of the kinds arrived; met when the shipment ended below that. */
export function judgeCount(facts: Facts, rule: CountRule): Judgement {
  const count = facts.state.events.filter((e) => rule.event.includes(e.type)).length;
  if (count > rule.moreThan) {
    return { ...NOTHING, breaches: [{ level: 'breach', occurrence: 0, status: 'open' }], outcome: false };
  }
  const ended = facts.state.events.some((e) => facts.compiled.finishedBy.has(e.type));
  return { ...NOTHING, outcome: ended ? true : undefined };
}
