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

/**
 * Records of `count` complete shipments (8 events each), keyed by waybill, per
 * topic family. Their waybills are numbered from `first` (default 0), so two
 * sets published one after the other share none.
 */
export function shipmentRecords(count: number, startMs: number, first = 0) {
  const byFamily = new Map<string, Array<{ key: string; value: string }>>();
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
      list.push({ key: waybill, value: JSON.stringify(event) });
      byFamily.set(family, list);
    });
  }
  return { byFamily, events: count * LIFECYCLE.length };
}
