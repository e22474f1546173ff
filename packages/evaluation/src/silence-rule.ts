import { LEVELS, type Level, type LimitEntry, parseDuration, type SilenceRule } from '@slawatch/standards';
import type { CompiledStandard } from './compile.js';
import { earliest, type Facts, matches, openedByHorizon } from './facts.js';
import {
  appended,
  type Deadline,
  type DesiredBreach,
  type Judgement,
  NONE,
  NOTHING,
  WAITING,
} from './judgement.js';

/** A limit entry's thresholds by level, worked out once per entry: the rule is judged on every event. */
const thresholdsByEntry = new WeakMap<LimitEntry, { level: Level; thresholdMs: number }[]>();
function thresholdsOf(entry: LimitEntry): { level: Level; thresholdMs: number }[] {
  let thresholds = thresholdsByEntry.get(entry);
  if (!thresholds) {
    thresholds = [];
    for (const level of LEVELS) {
      const limit = entry[level];
      if (typeof limit === 'string') thresholds.push({ level, thresholdMs: parseDuration(limit) });
    }
    thresholdsByEntry.set(entry, thresholds);
  }
  return thresholds;
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
  // Silence thresholds are plain durations (the file's cross-check insists): no limit of an entry can
  // fail to apply, so the entry is the first whose match fits the shipment, as the deadline rule's selection picks.
  const entry = rule.limits.find((candidate) => matches(candidate.when, facts.order));
  if (!entry) return until ? NOTHING : WAITING;
  const thresholds = thresholdsOf(entry);

  // Consecutive events between since and until (the log is in time order), gap by gap.
  let breaches: DesiredBreach[] | undefined;
  let last: number | undefined;
  for (const { timeMs } of facts.state.events) {
    if (timeMs < since.timeMs || (until && timeMs > until.timeMs)) continue;
    if (last !== undefined) {
      const gap = timeMs - last;
      for (const { level, thresholdMs } of thresholds) {
        if (gap >= thresholdMs)
          breaches = appended(breaches, {
            level,
            occurrence: last,
            status: 'resolved',
            dueMs: last + thresholdMs,
          });
      }
    }
    last = timeMs;
  }
  let deadlines: Deadline[] | undefined;
  if (!until && last !== undefined) {
    for (const { level, thresholdMs } of thresholds) {
      const dueMs = last + thresholdMs;
      if (
        facts.horizonMs >= dueMs ||
        openedByHorizon(facts, { standard: compiled.id, level, occurrence: last, dueMs })
      )
        breaches = appended(breaches, { level, occurrence: last, status: 'open', dueMs });
      else deadlines = appended(deadlines, { id: compiled.deadlineIdOf[level], dueMs });
    }
  }
  const { deciding } = compiled;
  let outcome: boolean | undefined;
  if (until) outcome = true;
  for (const b of breaches ?? NONE) if (b.level === deciding) outcome = false;
  return { breaches: breaches ?? NONE, deadlines: deadlines ?? NONE, outcome, active: !until };
}
