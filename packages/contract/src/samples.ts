import type { EventData, EventOf } from './events.js';
import { EVENT_TYPES, type EventType } from './vocabulary.js';

/** The waybill all samples share, so a test can follow one shipment through every event. */
export const SAMPLE_WAYBILL = '773012345678';

interface SampleParts<T extends EventType> {
  source: string;
  time: string;
  data: EventData<T>;
}

/*
 * One shipment of tea from Hangzhou to Shanghai on next-day service, with
 * every kind of event it could produce. Personal data (recipient, address) is
 * left out on purpose: publishers should not send what slawatch does not need.
 */
const SAMPLES: { [T in EventType]: SampleParts<T> } = {
  'order.created': {
    source: 'oms',
    time: '2026-11-28T09:15:00+08:00',
    data: {
      orderId: 'OMS-20261128-000123',
      customerId: 'C-100482',
      segment: 'ecommerce',
      product: 'next_day',
      origin: { province: 'Zhejiang', city: 'Hangzhou', district: 'Yuhang' },
      destination: { province: 'Shanghai', city: 'Shanghai', district: 'Pudong' },
      pieces: 2,
      promisedDeliveryBy: '2026-11-29T23:59:59+08:00',
      items: [{ sku: 'SKU-LONGJING-250G', quantity: 2 }],
    },
  },
  'order.cancelled': {
    source: 'oms',
    time: '2026-11-28T09:40:00+08:00',
    data: { reason: 'customer changed the order' },
  },
  'order.stockout': {
    source: 'oms',
    time: '2026-11-28T09:20:00+08:00',
    data: { sku: 'SKU-LONGJING-250G', quantityShort: 1 },
  },
  'order.corrected': {
    source: 'outlet/330110',
    time: '2026-11-28T11:05:00+08:00',
    data: { field: 'destination.district', before: 'Minhang', after: 'Pudong' },
  },
  'dispatch.picked_up': {
    source: 'outlet/330110',
    time: '2026-11-28T10:30:00+08:00',
    data: { outlet: '330110', pieces: 2, courierId: 'K-33011007', weightKg: 1.8 },
  },
  'dispatch.hub_scan': {
    source: 'hub/HGH01',
    time: '2026-11-28T10:02:00Z',
    data: { facility: 'HGH01', direction: 'arrival' },
  },
  'dispatch.out_for_delivery': {
    source: 'outlet/310115',
    time: '2026-11-29T08:10:00+08:00',
    data: { outlet: '310115', courierId: 'K-31011512' },
  },
  'delivery.attempt_failed': {
    source: 'outlet/310115',
    time: '2026-11-29T11:20:00+08:00',
    data: { reason: 'recipient_absent', courierId: 'K-31011512' },
  },
  'delivery.delivered': {
    source: 'outlet/310115',
    time: '2026-11-29T15:45:00+08:00',
    data: { pieces: 2, condition: 'intact', handover: 'locker', consented: true, courierId: 'K-31011512' },
  },
  'delivery.exception': {
    source: 'hub/SHA01',
    time: '2026-11-29T02:30:00+08:00',
    data: { kind: 'misrouted', detail: 'sorted to the Suzhou line' },
  },
  'delivery.returned': {
    source: 'outlet/310115',
    time: '2026-11-29T16:00:00+08:00',
    data: { reason: 'refused by the recipient' },
  },
  'aftersales.complaint_opened': {
    source: 'crm',
    time: '2026-11-30T10:00:00+08:00',
    data: { complaintId: 'CS-20261130-0042', category: 'delay' },
  },
  'aftersales.complaint_resolved': {
    source: 'crm',
    time: '2026-11-30T16:30:00+08:00',
    data: { complaintId: 'CS-20261130-0042', resolution: 'apologised; delivery confirmed' },
  },
  'aftersales.claim_filed': {
    source: 'claims',
    time: '2026-11-30T10:30:00+08:00',
    data: { claimId: 'CL-20261130-0007', amountCny: 120 },
  },
  'aftersales.claim_settled': {
    source: 'claims',
    time: '2026-12-02T14:00:00+08:00',
    data: { claimId: 'CL-20261130-0007', amountCny: 120 },
  },
};

/** What a caller may replace in a sample; `data` fields are merged into the sample's data. */
export type SampleOverrides<T extends EventType> = Partial<Omit<EventOf<T>, 'type' | 'data'>> & {
  data?: Partial<EventData<T>>;
};

/**
 * A valid example event of the given type. Overrides are applied as given and
 * not validated, so tests can build invalid events from valid ones. Every call
 * returns fresh objects that the caller may mutate.
 */
export function sampleEvent<T extends EventType>(type: T, overrides: SampleOverrides<T> = {}): EventOf<T> {
  const sample = SAMPLES[type] as SampleParts<T>;
  const { data, ...envelope } = overrides;
  const index = EVENT_TYPES.indexOf(type) + 1;
  const sampleData = structuredClone(sample.data) as Record<string, unknown>;
  // An order moved in time keeps its promise the same distance ahead, so it stays plausible whenever it is.
  const promise = sampleData['promisedDeliveryBy'];
  if (typeof promise === 'string' && envelope.time !== undefined) {
    const shiftMs = Date.parse(envelope.time) - Date.parse(sample.time);
    if (Number.isFinite(shiftMs))
      sampleData['promisedDeliveryBy'] = new Date(Date.parse(promise) + shiftMs).toISOString();
  }
  return {
    specversion: '1.0',
    id: `3f6c1e2a-5b7d-4c8e-9a01-${String(index).padStart(12, '0')}`,
    source: sample.source,
    type,
    time: sample.time,
    subject: SAMPLE_WAYBILL,
    datacontenttype: 'application/json',
    ...envelope,
    data: { ...sampleData, ...data } as EventData<T>,
  };
}
