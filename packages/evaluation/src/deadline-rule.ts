import { type DeadlineRule, LEVELS } from '@slawatch/standards';
import type { CompiledStandard } from './compile.js';
import { earliest, type Facts, openedByHorizon } from './facts.js';
import {
  appended,
  type Deadline,
  type DesiredBreach,
  type Judgement,
  NONE,
  NOTHING,
  WAITING,
} from './judgement.js';
import { isDue, selectLimits } from './limits.js';

/**
 * A level is met when any stop event happened (by event time) at or before its
 * due time, avoided when a cancelling event happened first, and breached when
 * the stop came later or the judgement horizon (the wall clock, as far as the evidence is read) passed the due time with no stop.
 * A late stop does not close the breach: it stays open (it did happen).
 */
export function judgeDeadline(facts: Facts, compiled: CompiledStandard, rule: DeadlineRule): Judgement {
  const start = earliest(facts.state, rule.start);
  if (!start) return NOTHING;
  const stop = earliest(facts.state, rule.stop);
  const cancel = earliest(facts.state, rule.cancelledBy);
  const selected = selectLimits(facts, rule);
  const active = !stop && !cancel;
  if (!selected) return active ? WAITING : NOTHING;

  let breaches: DesiredBreach[] | undefined;
  let deadlines: Deadline[] | undefined;
  const { deciding } = compiled;
  let outcome: boolean | undefined;
  for (const level of LEVELS) {
    const dueMs = selected[level];
    if (!isDue(dueMs)) continue;
    if (stop && stop.timeMs <= dueMs) {
      if (level === deciding) outcome = true;
      continue;
    }
    if (cancel && cancel.timeMs <= dueMs) continue;
    if (
      stop ||
      facts.horizonMs >= dueMs ||
      openedByHorizon(facts, { standard: compiled.id, level, occurrence: 0, dueMs })
    ) {
      breaches = appended(breaches, { level, occurrence: 0, status: 'open', dueMs });
      if (level === deciding) outcome = false;
    }
    // A cancellation dated after the due time does not avoid the breach, so the deadline still stands.
    else deadlines = appended(deadlines, { id: compiled.deadlineIdOf[level], dueMs });
  }
  return { breaches: breaches ?? NONE, deadlines: deadlines ?? NONE, outcome, active };
}
