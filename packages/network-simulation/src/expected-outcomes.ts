import { LEVELS, type Level, type Standard, type StandardsFile } from '@slawatch/standards';
import { appliesToOrder, deadlineDues } from './due-times.js';
import { judgeShipment, orderFactsOf } from './expectation.js';
import { earliestOf, type SimulatedEvent } from './simulated-event.js';

/*
 * The outcome each standard must end with for a shipment, read from the
 * standards file and the events as they happened (not from the evaluation
 * core): the ground truth of attainment counts.
 */

/** One standard decided for one shipment, in the cell the review counts it in. */
export interface ExpectedOutcome {
  standard: string;
  segment: string;
  product: string;
  route: string;
  /** Time of the earliest order.created: the review counts by its local day. */
  orderedMs: number;
  met: boolean;
}

/** The level whose breach decides the outcome: `breach`, or else the first level above `warn`. */
function decidingLevel(standard: Standard): Level | undefined {
  const rule = standard.rule;
  if (rule.kind === 'condition' || rule.kind === 'count') return 'breach';
  const levels = LEVELS.filter((level) => rule.limits.some((entry) => entry[level] !== undefined));
  return levels.includes('breach') ? 'breach' : levels.find((level) => level !== 'warn');
}

/** Every decided standard of a shipment once all its events are in and every due time has passed. */
export function expectedOutcomes(
  file: StandardsFile,
  events: ReadonlyArray<SimulatedEvent>,
): ExpectedOutcome[] {
  const order = orderFactsOf(file, events);
  const created = earliestOf(events, ['order.created']);
  if (!order || !created) return [];
  const breaches = judgeShipment(file, events, Number.POSITIVE_INFINITY).breaches;
  const ended = events.some((event) => file.finishedBy.includes(event.type));
  const out: ExpectedOutcome[] = [];
  for (const standard of file.standards) {
    if (!appliesToOrder(standard, order)) continue;
    const deciding = decidingLevel(standard);
    const breached = breaches.some((b) => b.standard === standard.id && b.level === deciding);
    const rule = standard.rule;
    let met: boolean | undefined;
    if (rule.kind === 'deadline') {
      if (!earliestOf(events, rule.start)) continue;
      const due = deadlineDues(file, standard, order, events).find((d) => d.level === deciding);
      if (!due) continue;
      const stop = earliestOf(events, rule.stop);
      const cancel = earliestOf(events, rule.cancelledBy);
      if (stop && stop.timeMs <= due.dueMs) met = true;
      else if (cancel && cancel.timeMs <= due.dueMs) met = undefined;
      else met = false;
    } else if (rule.kind === 'silence') {
      if (!earliestOf(events, rule.since)) continue;
      if (earliestOf(events, rule.until)) met = true;
      if (breached) met = false;
    } else {
      met = breached ? false : ended ? true : undefined;
    }
    if (met === undefined) continue;
    out.push({ standard: standard.id, ...order, orderedMs: created.timeMs, met });
  }
  return out;
}
