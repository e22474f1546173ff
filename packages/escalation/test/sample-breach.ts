import type { BreachChange } from '../src/breach-change.js';

/** A valid breach change as the monitor publishes it; tests override what they look at. */
export function sampleBreach(overrides: Partial<BreachChange> = {}): BreachChange {
  return {
    breachId: 'ST7700012345:delivered_on_time:breach:1',
    status: 'open',
    waybill: 'ST7700012345',
    standard: 'delivered_on_time',
    title: 'Delivered on time',
    element: 'time',
    phase: 'transaction',
    segment: 'ecommerce',
    product: 'next_day',
    route: 'inter_province',
    severity: 'major',
    level: 'breach',
    dueAt: '2026-11-28T16:00:00.000Z',
    detectedAt: '2026-11-28T16:00:05.000Z',
    evidence: [],
    standardsVersion: 'test-1',
    ...overrides,
  };
}
