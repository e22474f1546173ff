import type { BreachChange } from './breach-change.js';
import { SAMPLE_WAYBILL } from './samples.js';

/**
 * A valid breach change as the monitor publishes it: the sample shipment
 * (see samples.ts) missed its next-day delivery promise. Tests override the
 * fields they look at; every call returns a fresh object.
 */
export function sampleBreachChange(overrides: Partial<BreachChange> = {}): BreachChange {
  return {
    breachId: `${SAMPLE_WAYBILL}:delivered_on_time:breach:1`,
    status: 'open',
    waybill: SAMPLE_WAYBILL,
    standard: 'delivered_on_time',
    title: 'Delivered on time',
    titleZh: '按时送达',
    element: 'time',
    phase: 'transaction',
    segment: 'ecommerce',
    product: 'next_day',
    route: 'inter_province',
    severity: 'major',
    level: 'breach',
    dueAt: '2026-11-29T15:59:59.000Z',
    detectedAt: '2026-11-29T16:00:00.150Z',
    judgedBeforeBacklogRead: false,
    evidence: [],
    cause: {
      lastSeen: { kind: 'hub', id: 'HGH01', at: '2026-11-28T06:40:00.000Z' },
      originCity: 'Hangzhou',
      destinationCity: 'Shanghai',
      lane: 'Hangzhou→Shanghai',
      customerId: 'C-100482',
    },
    standardsVersion: '2026.11.1',
    contractVersion: '1',
    ...overrides,
  };
}
