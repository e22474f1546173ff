import type { Clause, ConditionRule } from '@slawatch/standards';
import type { CompiledClause, CompiledStandard } from './compile.js';
import { earliest, type Facts, hasEnded } from './facts.js';
import { BREACHED_ONCE, type Judgement, MET, NOTHING } from './judgement.js';
import type { LoggedEvent } from './state.js';

function compares(clause: Clause, own: number, other: number): boolean {
  const c = clause.compare!;
  if (c.lessThan) return own < other;
  if (c.greaterThan) return own > other;
  if (c.equals) return own === other;
  return own !== other;
}

function isAfter(facts: Facts, keys: CompiledClause, event: LoggedEvent): boolean {
  if (!keys.after) return true;
  const after = earliest(facts.state, keys.after);
  return after !== undefined && event.timeMs > after.timeMs;
}

/** Whether the event met the clause's field tests when it arrived. */
function isMarked(facts: Facts, key: string, event: LoggedEvent): boolean {
  for (const m of facts.state.marks) if (m.hash === event.hash && m.clause === key) return true;
  return false;
}

function clauseHolds(facts: Facts, compiled: CompiledStandard, clause: Clause, index: number): boolean {
  const keys = compiled.clauses[index]!;
  const { mark } = keys;
  if (!clause.compare) {
    for (const e of facts.state.events)
      if (e.type === clause.event && isMarked(facts, mark, e) && isAfter(facts, keys, e)) return true;
    return false;
  }
  // A comparison is between remembered values, so it concerns the earliest event of the clause's type.
  const own = facts.state.values[keys.ownSlot];
  const other = facts.state.values[keys.otherSlot];
  if (!own || !other || !compares(clause, own.value, other.value)) return false;
  const event = earliest(facts.state, keys.types);
  if (!event) return false;
  if (clause.when.length > 0 && !isMarked(facts, mark, event)) return false;
  return isAfter(facts, keys, event);
}

/** Breached once any clause holds; met when the shipment has ended (finishedBy) and none does. */
export function judgeCondition(facts: Facts, compiled: CompiledStandard, rule: ConditionRule): Judgement {
  let breached = false;
  for (let i = 0; i < rule.anyOf.length && !breached; i++)
    breached = clauseHolds(facts, compiled, rule.anyOf[i]!, i);
  // Shared judgements, never written to: one is made per standard and event otherwise.
  if (breached) return BREACHED_ONCE;
  return hasEnded(facts.compiled, facts.state) ? MET : NOTHING;
}
