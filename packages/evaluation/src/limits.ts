import {
  type DeadlineRule,
  endOfBusinessDay,
  type Level,
  type Limit,
  type LimitEntry,
  parseDuration,
} from '@slawatch/standards';
import { appliesTo, earliest, earliestOfType, type Facts, matches } from './facts.js';
import type { LoggedEvent } from './state.js';

/**
 * A due time (epoch ms), or WAIT (it depends on an event that has not
 * arrived yet: NaN), or SKIP (this limit cannot apply to this shipment, the
 * next entry is tried: -Infinity). Numbers rather than objects: a rule is
 * judged on every event, and adding a `plus` keeps WAIT and SKIP as they are.
 */
export type Resolution = number;

export const WAIT: Resolution = Number.NaN;
export const SKIP: Resolution = Number.NEGATIVE_INFINITY;

/** A due time, not WAIT or SKIP. */
export function isDue(resolution: Resolution | undefined): resolution is number {
  return resolution !== undefined && Number.isFinite(resolution);
}

/** `<event type>.<field>` of a remembered value, built once per pair: a limit reads it on every judgement. */
const rememberedKeys = new Map<string, Map<string, string>>();
function rememberedKey(type: string, field: string): string {
  let byField = rememberedKeys.get(type);
  if (!byField) {
    byField = new Map();
    rememberedKeys.set(type, byField);
  }
  let key = byField.get(field);
  if (key === undefined) {
    key = `${type}.${field}`;
    byField.set(field, key);
  }
  return key;
}

/** `from` is the event the entry measures from (its `from`, else the rule's start), found once per entry. */
function resolveLimit(facts: Facts, from: LoggedEvent | undefined, limit: Limit, depth: number): Resolution {
  if (typeof limit === 'string') return from ? from.timeMs + parseDuration(limit) : WAIT;
  const plusMs = limit.plus ? parseDuration(limit.plus) : 0;
  if ('endOfDay' in limit) {
    if (!from) return WAIT;
    const end = endOfBusinessDay(
      facts.compiled.timeZone,
      facts.compiled.cutoffMs,
      from.timeMs,
      limit.endOfDay,
    );
    return end + plusMs;
  }
  if ('field' in limit) {
    if (!from) return WAIT;
    const slot = facts.compiled.slotIndex.get(rememberedKey(from.type, limit.field));
    const remembered = slot === undefined ? undefined : facts.state.values[slot];
    return remembered ? remembered.value + plusMs : SKIP;
  }
  // The file's cross-check rejects loops; the depth guard only protects against a hand-built file.
  if (depth > 8) return SKIP;
  return dueOf(facts, limit.of, limit.level, depth + 1) + plusMs;
}

/** The entry chosen and its due time per level (absent levels undefined), in one object per judgement. */
export interface SelectedLimits extends Record<Level, Resolution | undefined> {
  entry: LimitEntry;
}

function resolutionOf(
  facts: Facts,
  from: LoggedEvent | undefined,
  limit: Limit | undefined,
  depth: number,
): Resolution | undefined {
  return limit === undefined ? undefined : resolveLimit(facts, from, limit, depth);
}

/** The first limit entry that matches the shipment and whose limits can apply; `undefined` if none. */
export function selectLimits(facts: Facts, rule: DeadlineRule, depth = 0): SelectedLimits | undefined {
  for (const entry of rule.limits) {
    if (!matches(entry.when, facts.order)) continue;
    // One object shape for every entry: each level written, absent ones as undefined (a type error
    // here if the levels change); made only for the entry chosen.
    const from = entry.from ? earliestOfType(facts.state, entry.from) : earliest(facts.state, rule.start);
    const warn = resolutionOf(facts, from, entry.warn, depth);
    if (warn === SKIP) continue;
    const breach = resolutionOf(facts, from, entry.breach, depth);
    if (breach === SKIP) continue;
    const critical = resolutionOf(facts, from, entry.critical, depth);
    if (critical !== SKIP) return { entry, warn, breach, critical };
  }
  return undefined;
}

/** Another standard's due time at a level, for limits such as "promised time + 3 days". */
export function dueOf(facts: Facts, standardId: string, level: Level, depth = 0): Resolution {
  const target = facts.compiled.byId.get(standardId)?.standard;
  if (target?.rule.kind !== 'deadline' || !appliesTo(target, facts.order)) return SKIP;
  const selected = selectLimits(facts, target.rule, depth);
  return selected?.[level] ?? SKIP;
}
