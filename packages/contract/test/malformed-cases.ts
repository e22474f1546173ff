import {
  type ContractRecord,
  isEventType,
  type RejectionReason,
  SAMPLE_WAYBILL,
  sampleEvent,
  topicFamilyOf,
} from '../src/index.js';
import { NOW, recordOf } from './records.js';

export interface MalformedCase {
  name: string;
  record: ContractRecord;
  /** The JSON value, when the record carries one: used to check that the JSON Schemas refuse it too. */
  value?: Record<string, unknown>;
  reason: RejectionReason;
  /** The path the message must start with. */
  path: string;
  /** More of the message, when the exact wording matters. */
  says?: RegExp;
  maxBytes?: number;
}

function withEnvelope(changes: Record<string, unknown>, remove: string[] = []) {
  const event: Record<string, unknown> = { ...sampleEvent('order.created'), ...changes };
  for (const field of remove) delete event[field];
  return event;
}

function fromValue(
  name: string,
  value: Record<string, unknown>,
  reason: RejectionReason,
  path: string,
  says?: RegExp,
): MalformedCase {
  const type = value['type'];
  const record: ContractRecord = {
    key: Buffer.from(SAMPLE_WAYBILL, 'utf8'),
    value: Buffer.from(JSON.stringify(value), 'utf8'),
    topicFamily: typeof type === 'string' && isEventType(type) ? topicFamilyOf(type) : 'orders',
  };
  return { name, record, value, reason, path, ...(says ? { says } : {}) };
}

function rawValue(name: string, text: string | Buffer, reason: RejectionReason, path: string): MalformedCase {
  return {
    name,
    record: {
      key: Buffer.from(SAMPLE_WAYBILL),
      value: typeof text === 'string' ? Buffer.from(text) : text,
      topicFamily: 'orders',
    },
    reason,
    path,
  };
}

const created = (data: Record<string, unknown>) => sampleEvent('order.created', { data: data as never });
const createdWithout = (field: string) => {
  const event = sampleEvent('order.created') as unknown as { data: Record<string, unknown> };
  delete event.data[field];
  return event as unknown as Record<string, unknown>;
};
const delivered = (data: Record<string, unknown>) =>
  sampleEvent('delivery.delivered', { data: data as never });
const deliveredWithout = (field: string) => {
  const event = sampleEvent('delivery.delivered') as unknown as { data: Record<string, unknown> };
  delete event.data[field];
  return event as unknown as Record<string, unknown>;
};
const asValue = (event: object) => event as Record<string, unknown>;

export const MALFORMED_CASES: MalformedCase[] = [
  {
    name: 'no key',
    record: { ...recordOf(sampleEvent('order.created')), key: null },
    reason: 'missing_key',
    path: '(key)',
  },
  {
    name: 'empty key',
    record: { ...recordOf(sampleEvent('order.created')), key: Buffer.alloc(0) },
    reason: 'missing_key',
    path: '(key)',
  },
  {
    name: 'tombstone',
    record: { ...recordOf(sampleEvent('order.created')), value: null },
    reason: 'empty_value',
    path: '(value)',
    says: /tombstone/,
  },
  {
    name: 'zero-byte value',
    record: { ...recordOf(sampleEvent('order.created')), value: Buffer.alloc(0) },
    reason: 'empty_value',
    path: '(value)',
  },
  {
    name: 'value over the size limit',
    record: recordOf(sampleEvent('order.created')),
    reason: 'too_large',
    path: '(value)',
    says: /expected at most 100 bytes, got \d+ bytes/,
    maxBytes: 100,
  },
  rawValue('invalid UTF-8 in the value', Buffer.from([0x7b, 0x22, 0xff, 0x22, 0x7d]), 'not_utf8', '(value)'),
  {
    name: 'invalid UTF-8 in the key',
    record: { ...recordOf(sampleEvent('order.created')), key: Buffer.from([0x37, 0xc3, 0x28]) },
    reason: 'not_utf8',
    path: '(key)',
  },
  rawValue('truncated JSON', '{"specversion":"1.0",', 'invalid_json', '(value)'),
  rawValue('JSON with a trailing comma', '{"specversion":"1.0",}', 'invalid_json', '(value)'),
  rawValue('a JSON array', '[{"specversion":"1.0"}]', 'not_an_object', '(root)'),
  rawValue('a JSON string', '"order.created"', 'not_an_object', '(root)'),
  rawValue('JSON null', 'null', 'not_an_object', '(root)'),
  fromValue('wrong specversion', withEnvelope({ specversion: '0.3' }), 'invalid_envelope', 'specversion'),
  fromValue('no id', withEnvelope({}, ['id']), 'invalid_envelope', 'id', /got nothing/),
  fromValue('empty source', withEnvelope({ source: '' }), 'invalid_envelope', 'source', /got ""/),
  fromValue('no time', withEnvelope({}, ['time']), 'invalid_envelope', 'time'),
  fromValue('time as a number', withEnvelope({ time: NOW }), 'invalid_envelope', 'time'),
  fromValue('subject with a space', withEnvelope({ subject: '7730 1234' }), 'invalid_envelope', 'subject'),
  fromValue('no subject', withEnvelope({}, ['subject']), 'invalid_envelope', 'subject'),
  fromValue(
    'XML content type',
    withEnvelope({ datacontenttype: 'text/xml' }),
    'invalid_envelope',
    'datacontenttype',
  ),
  fromValue(
    'dataschema not a URI',
    withEnvelope({ dataschema: 'not a uri' }),
    'invalid_envelope',
    'dataschema',
  ),
  fromValue(
    'time without an offset',
    withEnvelope({ time: '2026-11-29T08:00:00' }),
    'invalid_time',
    'time',
    /UTC offset.*got "2026-11-29T08:00:00"/,
  ),
  fromValue('a date only', withEnvelope({ time: '2026-11-29' }), 'invalid_time', 'time'),
  fromValue('30 February', withEnvelope({ time: '2026-02-30T08:00:00+08:00' }), 'invalid_time', 'time'),
  fromValue('space for T', withEnvelope({ time: '2026-11-29 08:00:00+08:00' }), 'invalid_time', 'time'),
  fromValue('seconds missing', withEnvelope({ time: '2026-11-29T08:00+08:00' }), 'invalid_time', 'time'),
  fromValue(
    'unknown type',
    withEnvelope({ type: 'order.updated' }),
    'unknown_type',
    'type',
    /expected one of order\.created, .*got "order\.updated"/,
  ),
  {
    name: 'dispatch event on the orders topic',
    record: { ...recordOf(sampleEvent('dispatch.picked_up')), topicFamily: 'orders' },
    reason: 'wrong_topic',
    path: 'type',
    says: /orders topic.*"dispatch\.picked_up".*dispatch topic/,
  },
  {
    name: 'key differs from subject',
    record: { ...recordOf(sampleEvent('order.created')), key: Buffer.from('773099999999') },
    reason: 'key_mismatch',
    path: 'subject',
    says: /expected the record key "773099999999", got "773012345678"/,
  },
  fromValue(
    'pieces as text',
    asValue(created({ pieces: 'three' })),
    'invalid_data',
    'data.pieces',
    /^data\.pieces: expected a positive integer, got "three"$/,
  ),
  fromValue('zero pieces', asValue(created({ pieces: 0 })), 'invalid_data', 'data.pieces', /got 0$/),
  fromValue('fractional pieces', asValue(created({ pieces: 1.5 })), 'invalid_data', 'data.pieces'),
  fromValue(
    'unknown segment',
    asValue(created({ segment: 'vip' })),
    'invalid_data',
    'data.segment',
    /expected one of key_account, ecommerce, sme, individual, got "vip"/,
  ),
  fromValue(
    'no destination',
    createdWithout('destination'),
    'invalid_data',
    'data.destination',
    /got nothing/,
  ),
  fromValue(
    'destination without a city',
    asValue(created({ destination: { province: 'Shanghai' } })),
    'invalid_data',
    'data.destination.city',
  ),
  fromValue(
    'negative quantity in an order line',
    asValue(created({ items: [{ sku: 'SKU-1', quantity: -1 }] })),
    'invalid_data',
    'data.items[0].quantity',
  ),
  fromValue(
    'promise without an offset',
    asValue(created({ promisedDeliveryBy: '2026-11-29T23:59:59' })),
    'invalid_data',
    'data.promisedDeliveryBy',
  ),
  fromValue('no data', withEnvelope({}, ['data']), 'invalid_data', 'data', /expected an object, got nothing/),
  fromValue('data an array', withEnvelope({ data: [] }), 'invalid_data', 'data', /got an array/),
  fromValue(
    'hub scan going sideways',
    asValue(sampleEvent('dispatch.hub_scan', { data: { direction: 'sideways' as 'arrival' } })),
    'invalid_data',
    'data.direction',
  ),
  fromValue(
    'unknown handover',
    asValue(delivered({ handover: 'door' })),
    'invalid_data',
    'data.handover',
    /expected one of recipient, proxy, locker, station, got "door"/,
  ),
  fromValue('no handover', deliveredWithout('handover'), 'invalid_data', 'data.handover'),
  fromValue(
    'locker without consent',
    deliveredWithout('consented'),
    'invalid_data',
    'data.consented',
    /required unless handover is recipient.*got nothing/,
  ),
  fromValue(
    'negative claim amount',
    asValue(sampleEvent('aftersales.claim_filed', { data: { amountCny: -5 } })),
    'invalid_data',
    'data.amountCny',
  ),
  fromValue(
    'stockout of zero units',
    asValue(sampleEvent('order.stockout', { data: { quantityShort: 0 } })),
    'invalid_data',
    'data.quantityShort',
  ),
  fromValue(
    'correction without the new value',
    asValue(sampleEvent('order.corrected', { data: { after: undefined } })),
    'invalid_data',
    'data.after',
  ),
  {
    name: 'time beyond the allowed clock skew',
    record: recordOf(sampleEvent('order.created', { time: '2026-12-03T08:06:00+08:00' })),
    reason: 'time_in_future',
    path: 'time',
    says: /expected no later than 2026-12-03T00:05:00\.000Z .*got "2026-12-03T08:06:00\+08:00"/,
  },
  {
    name: 'time at the epoch (a publisher clock reset)',
    record: recordOf(sampleEvent('dispatch.picked_up', { time: '1970-01-01T00:00:00Z' })),
    reason: 'time_too_old',
    path: 'time',
    says: /expected no earlier than 2026-09-04T00:00:00\.000Z \(now minus 90 days\), got "1970-01-01T00:00:00Z"/,
  },
  {
    name: 'delivery promised in year 9999',
    record: recordOf(sampleEvent('order.created', { data: { promisedDeliveryBy: '9999-12-31T23:59:59Z' } })),
    reason: 'implausible_promise',
    path: 'data.promisedDeliveryBy',
    says: /expected within 60 days of the order's time 2026-11-28T09:15:00\+08:00, got "9999-12-31T23:59:59Z"/,
  },
];
