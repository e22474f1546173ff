import { type EventType, sampleEvent, topicFamilyOf } from '@slawatch/contract';

const LIFECYCLE: EventType[] = [
  'order.created',
  'dispatch.picked_up',
  'dispatch.hub_scan',
  'dispatch.hub_scan',
  'dispatch.hub_scan',
  'dispatch.hub_scan',
  'dispatch.out_for_delivery',
  'delivery.delivered',
];
const SEGMENTS = ['ecommerce', 'ecommerce', 'ecommerce', 'key_account', 'sme', 'individual'] as const;

export interface ShipmentRecordOptions {
  /** The first waybill's number (default 0): two sets numbered apart share no waybill. */
  first?: number;
  /**
   * Each family's records step by step (every shipment's first event of the
   * family, then every second, …) instead of shipment by shipment: a batch
   * then holds one event per waybill, as in a live stream, where a parcel's
   * events are hours apart.
   */
  byStep?: boolean;
}

/** Records of `count` complete shipments (8 events each), keyed by waybill, per topic family. */
export function shipmentRecords(count: number, startMs: number, options: ShipmentRecordOptions = {}) {
  const first = options.first ?? 0;
  const byFamily = new Map<string, Array<{ key: string; value: string; step: number }>>();
  for (let i = first; i < first + count; i++) {
    const waybill = `SWB${String(i).padStart(11, '0')}`;
    LIFECYCLE.forEach((type, step) => {
      const time = new Date(startMs + step * 60_000).toISOString();
      const overrides: Record<string, unknown> = { subject: waybill, id: `${waybill}-${step}`, time };
      if (type === 'order.created') {
        const base = sampleEvent('order.created');
        overrides['data'] = {
          ...base.data,
          segment: SEGMENTS[i % SEGMENTS.length],
          promisedDeliveryBy: undefined,
        };
      }
      const event = sampleEvent(type, overrides as never);
      const family = topicFamilyOf(type);
      const list = byFamily.get(family) ?? [];
      list.push({ key: waybill, value: JSON.stringify(event), step });
      byFamily.set(family, list);
    });
  }
  // Stable: within a step, shipments keep their order.
  if (options.byStep) for (const list of byFamily.values()) list.sort((a, b) => a.step - b.step);
  return { byFamily, events: count * LIFECYCLE.length };
}
