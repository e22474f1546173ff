import type { Level, RouteMatch, Standard } from '@slawatch/standards';
import type { CompiledStandards } from './compile.js';
import type { EventType } from './event.js';
import type { LoggedEvent, OrderFacts, ShipmentState } from './state.js';

/** What every rule reads: the file, the shipment's facts, its order and how far time is judged. */
export interface Facts {
  compiled: CompiledStandards;
  state: ShipmentState;
  order: OrderFacts;
  /**
   * A deadline with no stop event is breached once this time passes it. The
   * wall clock, or less: the monitor judges only as far as it has read the
   * evidence (its watermark), so an unread pickup cannot look missing.
   */
  horizonMs: number;
  /**
   * A breach already open stays open while its due time is at or before
   * this, wherever the horizon is: a judgement on a lower horizon than the
   * monitor's (a held shipment, see ShipmentEvaluation) must not retract
   * what the monitor's horizon would keep. -Infinity when the judgement is
   * on the monitor's horizon itself.
   */
  openThroughMs: number;
}

/**
 * Whether an earlier judgement's horizon already opened this breach, due at
 * or after `dueMs`. A later judgement may run on a lower horizon (evidence
 * that arrived ahead of the other topics' reading, see ShipmentEvaluation;
 * a partition whose watermark was forgotten): the breach stays open, since
 * only evidence retracts one. Called only for a level not yet due by the
 * horizon, so the breaches are searched rarely.
 */
export function openedByHorizon(
  facts: Facts,
  breach: { standard: string; level: Level; occurrence: number; dueMs: number },
): boolean {
  for (const b of facts.state.breaches)
    if (
      b.standard === breach.standard &&
      b.level === breach.level &&
      b.occurrence === breach.occurrence &&
      b.status === 'open' &&
      // States written before breaches kept their due time: it was opened, when is not known.
      (b.dueMs === undefined || b.dueMs >= breach.dueMs || breach.dueMs <= facts.openThroughMs)
    )
      return true;
  return false;
}

/** The earliest logged event of any of the types (the log is kept in time order). */
export function earliest(state: ShipmentState, types: ReadonlyArray<EventType>): LoggedEvent | undefined {
  const { events } = state;
  // Nearly every rule names one type: compared directly, not searched for.
  if (types.length === 1) return earliestOfType(state, types[0]!);
  for (let i = 0; i < events.length; i++) if (types.includes(events[i]!.type)) return events[i];
  return undefined;
}

/** The earliest logged event of this type. */
export function earliestOfType(state: ShipmentState, type: EventType): LoggedEvent | undefined {
  const { events } = state;
  for (let i = 0; i < events.length; i++) if (events[i]!.type === type) return events[i];
  return undefined;
}

/** Whether an event that ends the shipment (the file's finishedBy) is in the log. */
export function hasEnded(compiled: CompiledStandards, state: ShipmentState): boolean {
  for (const e of state.events) if (compiled.finishedBy.has(e.type)) return true;
  return false;
}

export function appliesTo(standard: Standard, order: OrderFacts): boolean {
  const { segments, products, routes } = standard.appliesTo;
  return (
    (!segments || segments.includes(order.segment)) &&
    (!products || products.includes(order.product)) &&
    (!routes || routes.includes(order.route))
  );
}

export function matches(when: RouteMatch | undefined, order: OrderFacts): boolean {
  if (!when) return true;
  return (
    (!when.segment || when.segment.includes(order.segment)) &&
    (!when.product || when.product.includes(order.product)) &&
    (!when.route || when.route.includes(order.route))
  );
}
