import { sampleBreachChange } from '@slawatch/contract';
import { describe, expect, it } from 'vitest';
import { idempotencyKey } from '../src/idempotency-key.js';
import { webhook } from '../src/index.js';

const breach = sampleBreachChange();
const target = {
  type: 'webhook' as const,
  url: 'https://hooks.example.com/slawatch',
  secret: 'a-secret-of-sixteen+',
};

describe('idempotency key', () => {
  it('is the same on every delivery of a notification and differs between notifications', () => {
    const page = { kind: 'breach' as const, breach, step: 1, acknowledgeUrl: 'https://ops/ack/1?t=a' };
    // Rebuilt later with another signed link: still the same page.
    expect(idempotencyKey({ ...page, acknowledgeUrl: 'https://ops/ack/1?t=b' })).toBe(idempotencyKey(page));
    expect(idempotencyKey({ ...page, step: 2 })).not.toBe(idempotencyKey(page));
    expect(idempotencyKey({ kind: 'resolved', breach, reason: 'retracted' })).not.toBe(
      idempotencyKey({ kind: 'resolved', breach, reason: 'resolved' }),
    );
    const digest = {
      kind: 'digest' as const,
      breaches: [breach, { ...breach, breachId: 'other' }],
      intervalStart: '2026-12-02T10:00:00Z',
      intervalEnd: '2026-12-02T10:05:00Z',
      acknowledgeUrl: 'https://ops/ack',
    };
    expect(idempotencyKey({ ...digest, breaches: [...digest.breaches].reverse() })).toBe(
      idempotencyKey(digest),
    );
    expect(idempotencyKey({ ...digest, breaches: [breach] })).not.toBe(idempotencyKey(digest));
  });

  it('rides on the generic webhook as Idempotency-Key, the same when sent again later', () => {
    const page = { kind: 'breach' as const, breach, step: 1, acknowledgeUrl: 'https://ops/ack/1' };
    const first = webhook.build(page, target, 1_795_890_000_000);
    const again = webhook.build(page, target, 1_795_890_060_000);
    expect(first.headers['Idempotency-Key']).toBe(`breach/${breach.breachId}/step/1`);
    expect(again.headers['Idempotency-Key']).toBe(first.headers['Idempotency-Key']);
    expect(again.headers['X-Slawatch-Signature']).not.toBe(first.headers['X-Slawatch-Signature']);
  });
});
