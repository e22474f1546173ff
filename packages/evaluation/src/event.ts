import type { EventType } from '@slawatch/standards';

export { EVENT_TYPES, type EventType } from '@slawatch/standards';

/**
 * The minimal shape of a shipment event the core reads. Upstream has already
 * validated `data` against the contract, so rules read its fields with light casts.
 */
export interface ShipmentEvent {
  id: string;
  type: EventType;
  waybill: string;
  /** When it happened (epoch ms); every judgement uses this, never the arrival time. */
  timeMs: number;
  data: Record<string, unknown>;
}
