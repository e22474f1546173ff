import type { CompiledStandard } from './compile.js';
import { judgeCondition } from './condition-rule.js';
import { judgeCount } from './count-rule.js';
import { judgeDeadline } from './deadline-rule.js';
import { appliesTo, type Facts } from './facts.js';
import { type Judgement, NOTHING } from './judgement.js';
import { judgeSilence } from './silence-rule.js';

/** What the facts say now about one standard; a standard that does not apply to the shipment says nothing. */
export function judge(facts: Facts, compiled: CompiledStandard): Judgement {
  if (!appliesTo(compiled.standard, facts.order)) return NOTHING;
  const rule = compiled.standard.rule;
  switch (rule.kind) {
    case 'deadline':
      return judgeDeadline(facts, compiled, rule);
    case 'silence':
      return judgeSilence(facts, compiled, rule);
    case 'condition':
      return judgeCondition(facts, compiled, rule);
    case 'count':
      return judgeCount(facts, rule);
  }
}
