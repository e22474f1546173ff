import type { EventType } from '@slawatch/contract';
import type { RouteClass } from '@slawatch/standards';

/** One event of a simulated shipment as it happened, before it is written as a CloudEvent. */
export interface SimulatedEvent {
  id: string;
  type: EventType;
  /** When it happened, epoch ms. */
  timeMs: number;
  source: string;
  data: Record<string, unknown>;
}

/** What the standards select limits by. */
export interface OrderFacts {
  segment: string;
  product: string;
  route: RouteClass;
}

/** The earliest event of any of the types, by event time (the list need not be sorted). */
export function earliestOf(
  events: ReadonlyArray<SimulatedEvent>,
  types: ReadonlyArray<EventType>,
): SimulatedEvent | undefined {
  let found: SimulatedEvent | undefined;
  for (const event of events) {
    if (types.includes(event.type) && (found === undefined || event.timeMs < found.timeMs)) found = event;
  }
  return found;
}
