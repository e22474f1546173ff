import { timestampMilliseconds } from '@slawatch/contract';
import {
  type DeadlineRule,
  endOfBusinessDay,
  LEVELS,
  type Level,
  type Limit,
  type LimitEntry,
  parseDuration,
  type RouteMatch,
  type Standard,
  type StandardsFile,
} from '@slawatch/standards';
import { earliestOf, type OrderFacts, type SimulatedEvent } from './simulated-event.js';

/*
 * Due times read straight from the standards file, written apart from the
 * evaluation core on purpose: the ground truth must not inherit its bugs.
 */

/** A due time and the event time its limit is measured from (for margins in fractions of the limit). */
export interface Due {
  level: Level;
  dueMs: number;
  anchorMs: number;
}

type Resolved = { kind: 'due'; dueMs: number; anchorMs: number } | { kind: 'wait' } | { kind: 'skip' };

export function appliesToOrder(standard: Standard, order: OrderFacts): boolean {
  const { segments, products, routes } = standard.appliesTo;
  return (
    (segments === undefined || segments.includes(order.segment)) &&
    (products === undefined || products.includes(order.product)) &&
    (routes === undefined || routes.includes(order.route))
  );
}

export function matchesOrder(when: RouteMatch | undefined, order: OrderFacts): boolean {
  if (when === undefined) return true;
  return (
    (when.segment === undefined || when.segment.includes(order.segment)) &&
    (when.product === undefined || when.product.includes(order.product)) &&
    (when.route === undefined || when.route.includes(order.route))
  );
}

function cutoffMs(file: StandardsFile): number {
  const [hours = 0, minutes = 0] = file.cutoff.split(':').map(Number);
  return (hours * 60 + minutes) * 60_000;
}

interface Context {
  file: StandardsFile;
  order: OrderFacts;
  events: ReadonlyArray<SimulatedEvent>;
}

function resolve(
  context: Context,
  rule: DeadlineRule,
  entry: LimitEntry,
  limit: Limit,
  depth: number,
): Resolved {
  const anchor = earliestOf(context.events, entry.from ? [entry.from] : rule.start);
  if (typeof limit === 'string') {
    return anchor
      ? { kind: 'due', dueMs: anchor.timeMs + parseDuration(limit), anchorMs: anchor.timeMs }
      : { kind: 'wait' };
  }
  const plus = limit.plus === undefined ? 0 : parseDuration(limit.plus);
  if ('endOfDay' in limit) {
    if (!anchor) return { kind: 'wait' };
    const end = endOfBusinessDay(
      context.file.timezone,
      cutoffMs(context.file),
      anchor.timeMs,
      limit.endOfDay,
    );
    return { kind: 'due', dueMs: end + plus, anchorMs: anchor.timeMs };
  }
  if ('field' in limit) {
    if (!anchor) return { kind: 'wait' };
    const value = anchor.data[limit.field];
    const fieldMs = typeof value === 'string' ? timestampMilliseconds(value) : Number.NaN;
    return Number.isNaN(fieldMs)
      ? { kind: 'skip' }
      : { kind: 'due', dueMs: fieldMs + plus, anchorMs: anchor.timeMs };
  }
  if (depth > 8) return { kind: 'skip' };
  const target = context.file.standards.find((standard) => standard.id === limit.of);
  if (target?.rule.kind !== 'deadline' || !appliesToOrder(target, context.order)) return { kind: 'skip' };
  const selected = selectDues(context, target.rule, depth + 1);
  const referenced = selected?.get(limit.level);
  if (referenced === undefined) return { kind: 'skip' };
  return referenced.kind === 'due' ? { ...referenced, dueMs: referenced.dueMs + plus } : referenced;
}

function selectDues(context: Context, rule: DeadlineRule, depth: number): Map<Level, Resolved> | undefined {
  for (const entry of rule.limits) {
    if (!matchesOrder(entry.when, context.order)) continue;
    const resolved = new Map<Level, Resolved>();
    for (const level of LEVELS) {
      const limit = entry[level];
      if (limit !== undefined) resolved.set(level, resolve(context, rule, entry, limit, depth));
    }
    if (![...resolved.values()].some((r) => r.kind === 'skip')) return resolved;
  }
  return undefined;
}

/** The due times of a deadline standard that the known events already fix; empty when none applies yet. */
export function deadlineDues(
  file: StandardsFile,
  standard: Standard,
  order: OrderFacts,
  events: ReadonlyArray<SimulatedEvent>,
): Due[] {
  if (standard.rule.kind !== 'deadline' || !appliesToOrder(standard, order)) return [];
  const selected = selectDues({ file, order, events }, standard.rule, 0);
  const dues: Due[] = [];
  for (const [level, resolved] of selected ?? []) {
    if (resolved.kind === 'due') dues.push({ level, dueMs: resolved.dueMs, anchorMs: resolved.anchorMs });
  }
  return dues;
}

/** A silence standard's thresholds for the order, in rising order of level. */
export function silenceThresholds(standard: Standard, order: OrderFacts): Array<[Level, number]> {
  if (standard.rule.kind !== 'silence' || !appliesToOrder(standard, order)) return [];
  const entry = standard.rule.limits.find((candidate) => matchesOrder(candidate.when, order));
  if (!entry) return [];
  const thresholds: Array<[Level, number]> = [];
  for (const level of LEVELS) {
    const limit = entry[level];
    if (typeof limit === 'string') thresholds.push([level, parseDuration(limit)]);
  }
  return thresholds;
}
