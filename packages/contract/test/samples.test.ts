import { describe, expect, it } from 'vitest';
import {
  contractEventSchema,
  EVENT_TYPES,
  SAMPLE_WAYBILL,
  sampleEvent,
  validateEvent,
} from '../src/index.js';

describe('sampleEvent', () => {
  it.each(EVENT_TYPES)('gives a valid %s on the shared waybill, accepted by the union schema too', (type) => {
    const event = sampleEvent(type);
    expect(event).toMatchObject({ type, subject: SAMPLE_WAYBILL, specversion: '1.0' });
    expect(validateEvent(event, SAMPLE_WAYBILL).ok).toBe(true);
    expect(contractEventSchema.parse(event)).toEqual(event);
  });

  it('gives every type its own event id', () => {
    expect(new Set(EVENT_TYPES.map((type) => sampleEvent(type).id)).size).toBe(EVENT_TYPES.length);
  });

  it('applies envelope overrides and merges data overrides into the sample data', () => {
    const event = sampleEvent('order.created', {
      subject: 'STO42',
      data: { pieces: 5, segment: 'key_account' },
    });
    expect(event.subject).toBe('STO42');
    expect(event.data).toMatchObject({ pieces: 5, segment: 'key_account', product: 'next_day' });
  });

  it('returns fresh objects, so one test mutating a sample cannot affect another', () => {
    const first = sampleEvent('order.created');
    first.data.origin.city = 'Ningbo';
    first.data.items?.push({ sku: 'X', quantity: 1 });
    const second = sampleEvent('order.created');
    expect(second.data.origin.city).toBe('Hangzhou');
    expect(second.data.items).toHaveLength(1);
  });

  it('does not validate overrides, so tests can build invalid events', () => {
    const event = sampleEvent('order.created', { data: { pieces: -1 } });
    expect(validateEvent(event)).toMatchObject({ ok: false, reason: 'invalid_data' });
  });
});
