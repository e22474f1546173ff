import type { Clause, ConditionRule } from '@slawatch/standards';
import type { CompiledStandard } from './compile.js';
import { earliest, type Facts } from './facts.js';
import { type Judgement, NOTHING } from './judgement.js';
import type { LoggedEvent } from './state.js';

function comparison(clause: Clause): { reference: string; holds: (own: number, other: number) => boolean } {
  const c = clause.compare!;
  if (c.lessThan) return { reference: c.lessThan, holds: (own, other) => own < other };
  if (c.greaterThan) return { reference: c.greaterThan, holds: (own, other) => own > other };
  if (c.equals) return { reference: c.equals, holds: (own, other) => own === other };
  return { reference: c.notEquals!, holds: (own, other) => own !== other };
}

function isAfter(facts: Facts, clause: Clause, event: LoggedEvent): boolean {
  if (!clause.after) return true;
  const after = earliest(facts.state, [clause.after]);
  return after !== undefined && event.timeMs > after.timeMs;
}

function clauseHolds(facts: Facts, standardId: string, clause: Clause, index: number): boolean {
  const key = `${standardId}#${index}`;
  const marked = (event: LoggedEvent) =>
    facts.state.marks.some((m) => m.hash === event.hash && m.clause === key);
  if (!clause.compare) {
    return facts.state.events.some((e) => e.type === clause.event && marked(e) && isAfter(facts, clause, e));
  }
  // A comparison is between remembered values, so it concerns the earliest event of the clause's type.
  const own = facts.state.values[`${clause.event}.${clause.compare.field}`];
  const { reference, holds } = comparison(clause);
  const other = facts.state.values[reference];
  if (!own || !other || !holds(own.value, other.value)) return false;
  const event = earliest(facts.state, [clause.event]);
  if (!event) return false;
  if (clause.when.length > 0 && !marked(event)) return false;
  return isAfter(facts, clause, event);
}

/** Breached once any clause holds; met when the shipment has ended (finishedBy) and none does. */
export function judgeCondition(facts: Facts, compiled: CompiledStandard, rule: ConditionRule): Judgement {
  const breached = rule.anyOf.some((clause, i) => clauseHolds(facts, compiled.id, clause, i));
  const ended = facts.state.events.some((e) => facts.compiled.finishedBy.has(e.type));
  if (breached)
    return { ...NOTHING, breaches: [{ level: 'breach', occurrence: 0, status: 'open' }], outcome: false };
  return { ...NOTHING, outcome: ended ? true : undefined };
}
