import type { Clause, Level, Standard, StandardsFile } from '@slawatch/standards';
import { classifyRoute, type Place } from '@slawatch/standards';
import { appliesToOrder, deadlineDues, silenceThresholds } from './due-times.js';
import { earliestOf, type OrderFacts, type SimulatedEvent } from './simulated-event.js';

/** A breach the written standards say the shipment has at a moment, from the events known then. */
export interface JudgedBreach {
  standard: string;
  level: Level;
  /** Silence breaches: the event time the silent gap began; other kinds: 0. */
  occurrence: number;
  status: 'open' | 'resolved';
  dueMs?: number;
}

export interface ShipmentJudgement {
  breaches: JudgedBreach[];
  /** The latest due time any standard watches; after it (and the last record) nothing changes any more. */
  latestDueMs: number;
}

export function orderFactsOf(
  file: StandardsFile,
  events: ReadonlyArray<SimulatedEvent>,
): OrderFacts | undefined {
  const order = earliestOf(events, ['order.created']);
  if (!order) return undefined;
  const { segment, product, origin, destination } = order.data as {
    segment: string;
    product: string;
    origin: Place;
    destination: Place;
  };
  return { segment, product, route: classifyRoute(origin, destination, file.routes.remoteProvinces) };
}

function distinctById(events: ReadonlyArray<SimulatedEvent>): SimulatedEvent[] {
  const seen = new Set<string>();
  return events.filter((event) => !seen.has(event.id) && seen.add(event.id) !== undefined);
}

function testsHold(clause: Clause, event: SimulatedEvent): boolean {
  return clause.when.every((test) => {
    const value = event.data[test.field];
    if (test.equals !== undefined) return value === test.equals;
    if (test.notEquals !== undefined) return value !== test.notEquals;
    if (test.in !== undefined) return test.in.includes(value as string);
    return !(test.notIn ?? []).includes(value as string);
  });
}

function numberAt(events: ReadonlyArray<SimulatedEvent>, reference: string): number | undefined {
  const dot = reference.lastIndexOf('.');
  const event = earliestOf(events, [reference.slice(0, dot) as SimulatedEvent['type']]);
  const value = event?.data[reference.slice(dot + 1)];
  return typeof value === 'number' ? value : undefined;
}

function clauseHolds(clause: Clause, events: ReadonlyArray<SimulatedEvent>): boolean {
  const after = clause.after === undefined ? undefined : earliestOf(events, [clause.after]);
  const isAfter = (event: SimulatedEvent) =>
    clause.after === undefined || (after !== undefined && event.timeMs > after.timeMs);
  if (!clause.compare)
    return events.some((e) => e.type === clause.event && testsHold(clause, e) && isAfter(e));
  // A comparison concerns the earliest event of the clause's type and the earliest of the referenced type.
  const event = earliestOf(events, [clause.event]);
  const own = event?.data[clause.compare.field];
  const { lessThan, greaterThan, equals, notEquals } = clause.compare;
  const other = numberAt(events, lessThan ?? greaterThan ?? equals ?? notEquals ?? '');
  if (!event || typeof own !== 'number' || other === undefined) return false;
  const holds =
    lessThan !== undefined
      ? own < other
      : greaterThan !== undefined
        ? own > other
        : equals !== undefined
          ? own === other
          : own !== other;
  return holds && testsHold(clause, event) && isAfter(event);
}

function judgeStandard(
  file: StandardsFile,
  standard: Standard,
  order: OrderFacts,
  events: ReadonlyArray<SimulatedEvent>,
  nowMs: number,
): ShipmentJudgement {
  const rule = standard.rule;
  const breaches: JudgedBreach[] = [];
  let latestDueMs = Number.NEGATIVE_INFINITY;
  const id = standard.id;
  if (!appliesToOrder(standard, order)) return { breaches, latestDueMs };
  if (rule.kind === 'deadline') {
    if (!earliestOf(events, rule.start)) return { breaches, latestDueMs };
    const stop = earliestOf(events, rule.stop);
    const cancel = earliestOf(events, rule.cancelledBy);
    for (const due of deadlineDues(file, standard, order, events)) {
      if (stop && stop.timeMs <= due.dueMs) continue;
      if (cancel && cancel.timeMs <= due.dueMs) continue;
      // Only a due time no event has decided yet keeps the shipment changing.
      if (!stop) latestDueMs = Math.max(latestDueMs, due.dueMs);
      // A late stop does not undo the breach: it did happen.
      if (stop || nowMs >= due.dueMs)
        breaches.push({ standard: id, level: due.level, occurrence: 0, status: 'open', dueMs: due.dueMs });
    }
  } else if (rule.kind === 'silence') {
    const since = earliestOf(events, rule.since);
    if (!since) return { breaches, latestDueMs };
    const until = earliestOf(events, rule.until);
    const thresholds = silenceThresholds(standard, order);
    const times = events
      .map((e) => e.timeMs)
      .filter((t) => t >= since.timeMs && (!until || t <= until.timeMs))
      .sort((a, b) => a - b);
    for (let i = 0; i + 1 < times.length; i++) {
      const start = times[i] as number;
      const gap = (times[i + 1] as number) - start;
      for (const [level, threshold] of thresholds) {
        if (gap >= threshold)
          breaches.push({
            standard: id,
            level,
            occurrence: start,
            status: 'resolved',
            dueMs: start + threshold,
          });
      }
    }
    const last = times[times.length - 1] as number;
    if (!until) {
      for (const [level, threshold] of thresholds) {
        latestDueMs = Math.max(latestDueMs, last + threshold);
        if (nowMs >= last + threshold)
          breaches.push({ standard: id, level, occurrence: last, status: 'open', dueMs: last + threshold });
      }
    }
  } else if (rule.kind === 'condition') {
    if (rule.anyOf.some((clause) => clauseHolds(clause, events))) {
      breaches.push({ standard: id, level: 'breach', occurrence: 0, status: 'open' });
    }
  } else if (events.filter((e) => rule.event.includes(e.type)).length > rule.moreThan) {
    breaches.push({ standard: id, level: 'breach', occurrence: 0, status: 'open' });
  }
  return { breaches, latestDueMs };
}

/**
 * What the written standards say about a shipment at `nowMs`, knowing only
 * `events` (repeated ids count once). Without its order.created nothing can be
 * judged: segment, product and route are unknown.
 */
export function judgeShipment(
  file: StandardsFile,
  events: ReadonlyArray<SimulatedEvent>,
  nowMs: number,
): ShipmentJudgement {
  const known = distinctById(events);
  const order = orderFactsOf(file, known);
  if (!order) return { breaches: [], latestDueMs: Number.NEGATIVE_INFINITY };
  const breaches: JudgedBreach[] = [];
  let latestDueMs = Number.NEGATIVE_INFINITY;
  for (const standard of file.standards) {
    const judged = judgeStandard(file, standard, order, known, nowMs);
    breaches.push(...judged.breaches);
    latestDueMs = Math.max(latestDueMs, judged.latestDueMs);
  }
  return { breaches, latestDueMs };
}
