import type { BreachCause } from '@slawatch/contract';
import type { ShipmentState } from './state.js';

/** The likely cause a breach of this shipment carries; undefined when the state knows none of it. */
export function causeOf(state: ShipmentState): BreachCause | undefined {
  const order = state.order;
  const cause: BreachCause = {};
  const seen = state.lastSeen;
  const event = seen && state.events.find((e) => e.hash === seen.hash);
  if (seen && event) {
    cause.lastSeen = {
      kind: seen.kind,
      id: seen.id,
      at: new Date(event.timeMs).toISOString(),
      ...(seen.courierId === undefined ? {} : { courierId: seen.courierId }),
    };
  }
  if (order?.originCity !== undefined) cause.originCity = order.originCity;
  if (order?.destinationCity !== undefined) cause.destinationCity = order.destinationCity;
  if (order?.originCity !== undefined && order.destinationCity !== undefined)
    cause.lane = `${order.originCity}→${order.destinationCity}`;
  if (order?.customerId !== undefined) cause.customerId = order.customerId;
  return Object.keys(cause).length === 0 ? undefined : cause;
}
