import { type DeadlineRule, LEVELS, type Level, parseDuration, type SilenceRule } from '@slawatch/standards';
import type { CompiledStandard } from './compile.js';
import { earliest, type Facts } from './facts.js';
import { type Deadline, type DesiredBreach, decidingLevel, type Judgement, NOTHING } from './judgement.js';
import { selectLimits } from './limits.js';

/** The deadline rule each silence rule selects its limits with, made once per rule. */
const standIns = new WeakMap<SilenceRule, DeadlineRule>();
function standInOf(rule: SilenceRule): DeadlineRule {
  let standIn = standIns.get(rule);
  if (!standIn) {
    standIn = { kind: 'deadline', start: rule.since, stop: [], cancelledBy: [], limits: rule.limits };
    standIns.set(rule, standIn);
  }
  return standIn;
}

/**
 * Between the earliest `since` event and the earliest `until` event, every gap
 * between consecutive events (by event time) of at least a threshold is a breach
 * at that level, identified by the time the gap began. A gap that a later event
 * closed is `resolved`; the gap still running is `open`. A late event that falls
 * inside a gap splits it, and the breach it no longer supports is retracted.
 */
export function judgeSilence(facts: Facts, compiled: CompiledStandard, rule: SilenceRule): Judgement {
  const since = earliest(facts.state, rule.since);
  if (!since) return NOTHING;
  const until = earliest(facts.state, rule.until);
  // Silence thresholds are plain durations (the file's cross-check insists), so the rule reuses the
  // deadline entry selection with a stand-in start only to pick the entry matching the shipment.
  const selected = selectLimits(facts, standInOf(rule));
  if (!selected) return { ...NOTHING, active: !until };
  const thresholds: [Level, number][] = [];
  for (const level of LEVELS) {
    const limit = selected.entry[level];
    if (typeof limit === 'string') thresholds.push([level, parseDuration(limit)]);
  }

  const times: number[] = [];
  for (const { timeMs } of facts.state.events)
    if (timeMs >= since.timeMs && (!until || timeMs <= until.timeMs)) times.push(timeMs);
  const breaches: DesiredBreach[] = [];
  for (let i = 0; i + 1 < times.length; i++) {
    const gapStart = times[i]!;
    const gap = times[i + 1]! - gapStart;
    for (const [level, thresholdMs] of thresholds) {
      if (gap >= thresholdMs)
        breaches.push({ level, occurrence: gapStart, status: 'resolved', dueMs: gapStart + thresholdMs });
    }
  }
  const deadlines: Deadline[] = [];
  if (!until) {
    const last = times[times.length - 1]!;
    for (const [level, thresholdMs] of thresholds) {
      const dueMs = last + thresholdMs;
      if (facts.horizonMs >= dueMs) breaches.push({ level, occurrence: last, status: 'open', dueMs });
      else deadlines.push({ id: `${compiled.id}:${level}`, dueMs });
    }
  }
  const deciding = decidingLevel(compiled.levels);
  let outcome: boolean | undefined;
  if (until) outcome = true;
  for (const b of breaches) if (b.level === deciding) outcome = false;
  return { breaches, deadlines, outcome, active: !until };
}
