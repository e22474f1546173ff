import { type BreachChange, sampleBreachChange } from '@slawatch/contract';
import type { BreachNotification, DigestNotification, ResolvedNotification } from '../src/index.js';

/** 2026-11-28T18:20:00Z: fixed, so every signature and timestamp in the tests is reproducible. */
export const NOW_MS = 1_795_890_000_000;

/** The contract's sample, changed to the key-account breach these tests sign and render. */
export function breachChange(overrides: Partial<BreachChange> = {}): BreachChange {
  return sampleBreachChange({
    breachId: 'br-20261128-0001',
    waybill: 'ST7700012345',
    segment: 'key_account',
    severity: 'critical',
    dueAt: '2026-11-28T16:00:00Z',
    detectedAt: '2026-11-28T18:15:30Z',
    evidence: ['evt-1', 'evt-2'],
    ...overrides,
  });
}

export function breachNotification(overrides: Partial<BreachNotification> = {}): BreachNotification {
  return {
    kind: 'breach',
    breach: breachChange(),
    step: 2,
    acknowledgeUrl: 'https://ops.example.com/ack/br-20261128-0001?token=t1',
    ...overrides,
  };
}

export function resolvedNotification(overrides: Partial<ResolvedNotification> = {}): ResolvedNotification {
  return {
    kind: 'resolved',
    breach: breachChange({ status: 'resolved' }),
    reason: 'resolved',
    by: 'ops-li',
    ...overrides,
  };
}

export function digestNotification(
  count: number,
  overrides: Partial<DigestNotification> = {},
): DigestNotification {
  const breaches = Array.from({ length: count }, (_, index) =>
    breachChange({
      breachId: `br-${index + 1}`,
      waybill: `ST77000${String(index + 1).padStart(5, '0')}`,
      standard: 'pickup_on_time',
      title: 'Picked up on time',
      titleZh: undefined,
      severity: 'minor',
      level: 'warn',
      segment: 'ecommerce',
      dueAt: '2026-11-28T10:00:00Z',
      detectedAt: '2026-11-28T10:45:00Z',
      evidence: [],
    }),
  );
  return {
    kind: 'digest',
    breaches,
    intervalStart: '2026-11-28T10:00:00Z',
    intervalEnd: '2026-11-28T10:30:00Z',
    acknowledgeUrl: 'https://ops.example.com/ack/digest-7',
    ...overrides,
  };
}
