import { describe, expect, it } from 'vitest';
import { parseRecord, sampleEvent } from '../src/index.js';
import { NOW, OPTIONS, recordOf } from './records.js';

const DAY_MS = 86_400_000;
const at = (ms: number) => new Date(ms).toISOString();

describe('plausible times', () => {
  it('accepts an event exactly 90 days old and refuses one a second older', () => {
    const oldest = sampleEvent('dispatch.hub_scan', { time: at(NOW - 90 * DAY_MS) });
    expect(parseRecord(recordOf(oldest), OPTIONS).ok).toBe(true);
    const older = sampleEvent('dispatch.hub_scan', { time: at(NOW - 90 * DAY_MS - 1000) });
    expect(parseRecord(recordOf(older), OPTIONS)).toMatchObject({ ok: false, reason: 'time_too_old' });
  });

  it('refuses epoch and negative-year-like times as too old, not as late evidence', () => {
    for (const time of ['1970-01-01T00:00:00Z', '1969-12-31T23:59:59Z', '0001-01-01T00:00:00Z']) {
      const event = sampleEvent('delivery.delivered', { time });
      expect(parseRecord(recordOf(event), OPTIONS), time).toMatchObject({
        ok: false,
        reason: 'time_too_old',
      });
    }
  });

  it('accepts a promise 60 days after the order and refuses one further, or far before it', () => {
    const orderTime = Date.parse(sampleEvent('order.created').time);
    const promise = (ms: number) =>
      recordOf(sampleEvent('order.created', { data: { promisedDeliveryBy: at(ms) } }));
    expect(parseRecord(promise(orderTime + 60 * DAY_MS), OPTIONS).ok).toBe(true);
    expect(parseRecord(promise(orderTime + 60 * DAY_MS + 1000), OPTIONS)).toMatchObject({
      ok: false,
      reason: 'implausible_promise',
    });
    expect(parseRecord(promise(orderTime - 61 * DAY_MS), OPTIONS)).toMatchObject({
      ok: false,
      reason: 'implausible_promise',
    });
  });

  it('takes the bounds a deployment configures', () => {
    const event = sampleEvent('dispatch.hub_scan', { time: at(NOW - 10 * DAY_MS) });
    const strict = { ...OPTIONS, plausibility: { maxAgeMs: 7 * DAY_MS } };
    expect(parseRecord(recordOf(event), strict)).toMatchObject({ ok: false, reason: 'time_too_old' });
    expect(parseRecord(recordOf(event), OPTIONS).ok).toBe(true);
  });

  it('takes whole bounds as configured, both of them', () => {
    const whole = { ...OPTIONS, plausibility: { maxAgeMs: 7 * DAY_MS, maxPromiseAheadMs: DAY_MS } };
    const old = sampleEvent('dispatch.hub_scan', { time: at(NOW - 10 * DAY_MS) });
    expect(parseRecord(recordOf(old), whole)).toMatchObject({ ok: false, reason: 'time_too_old' });
    const order = sampleEvent('order.created', { time: at(NOW - DAY_MS) });
    const promise = (ms: number) =>
      recordOf(sampleEvent('order.created', { time: order.time, data: { promisedDeliveryBy: at(ms) } }));
    expect(parseRecord(promise(NOW), whole).ok).toBe(true);
    expect(parseRecord(promise(NOW + 1000), whole)).toMatchObject({
      ok: false,
      reason: 'implausible_promise',
      message: expect.stringMatching(/^data\.promisedDeliveryBy: expected within 1 days of the order's time/),
    });
  });

  it("moves a sample order's promise with its time, so samples stay plausible on any day", () => {
    const sample = sampleEvent('order.created');
    const ahead = Date.parse(sample.data.promisedDeliveryBy!) - Date.parse(sample.time);
    const moved = sampleEvent('order.created', { time: at(NOW - DAY_MS) });
    expect(Date.parse(moved.data.promisedDeliveryBy!) - Date.parse(moved.time)).toBe(ahead);
    expect(parseRecord(recordOf(moved), OPTIONS).ok).toBe(true);
  });
});
