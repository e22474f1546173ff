import { envelopeSchema, LEVELS } from '@slawatch/contract';
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { AcknowledgeLinks } from '../src/acknowledge-link.js';
import { authenticate, hashToken, hasRole, loadApiTokens } from '../src/api-tokens.js';
import {
  decodeBreachId,
  deliveryJobId,
  encodeBreachId,
  LONGEST_BREACH_ID,
  LONGEST_BREACH_ID_PARAMETER,
  LONGEST_STANDARD_ID,
  LONGEST_WAYBILL,
  stepJobId,
} from '../src/job-id.js';

const NOW = Date.parse('2026-11-29T00:00:00Z');

describe('acknowledge links', () => {
  const links = new AcknowledgeLinks('https://slawatch.example/', 'k'.repeat(32), 3_600_000);
  const parse = (url: string) => {
    const u = new URL(url);
    return {
      id: decodeBreachId(u.pathname.split('/').at(-1)!),
      expires: Number(u.searchParams.get('expires')),
      signature: u.searchParams.get('signature')!,
    };
  };

  it('verify for their own breach until they expire', () => {
    const link = parse(links.linkFor('ST1:lost:critical:1', NOW));
    expect(link.id).toBe('ST1:lost:critical:1');
    expect(links.verify(link.id, link.expires, link.signature, NOW + 3_599_000)).toBe('valid');
    expect(links.verify(link.id, link.expires, link.signature, NOW + 3_601_000)).toBe('expired');
  });

  it('do not verify for another breach, another expiry, another key or a mangled signature', () => {
    const link = parse(links.linkFor('ST1:lost:critical:1', NOW));
    expect(links.verify('ST2:lost:critical:1', link.expires, link.signature, NOW)).toBe('invalid');
    expect(links.verify(link.id, link.expires + 3600, link.signature, NOW)).toBe('invalid');
    expect(
      new AcknowledgeLinks('https://x', 'j'.repeat(32), 1000).verify(
        link.id,
        link.expires,
        link.signature,
        NOW,
      ),
    ).toBe('invalid');
    expect(links.verify(link.id, link.expires, link.signature.slice(0, 10), NOW)).toBe('invalid');
  });
});

describe('the longest valid breach id', () => {
  const longest = [
    'W'.repeat(LONGEST_WAYBILL),
    `s${'_long'.repeat(20)}`.slice(0, LONGEST_STANDARD_ID),
    'critical',
    String(Number.MAX_SAFE_INTEGER),
  ].join(':');
  const links = new AcknowledgeLinks('https://slawatch.example', 'k'.repeat(32), 3_600_000);

  it('is as long as the bound the routes are sized by, with the longest waybill of the contract', () => {
    expect(envelopeSchema.shape.subject.safeParse('W'.repeat(LONGEST_WAYBILL)).success).toBe(true);
    expect(envelopeSchema.shape.subject.safeParse('W'.repeat(LONGEST_WAYBILL + 1)).success).toBe(false);
    expect(Math.max(...LEVELS.map((level) => level.length))).toBe('critical'.length);
    expect(longest).toHaveLength(LONGEST_BREACH_ID);
    expect(LONGEST_BREACH_ID).toBe(191);
  });

  it('round-trips through base64url, and its encoded form fits a route parameter', () => {
    expect(decodeBreachId(encodeBreachId(longest))).toBe(longest);
    expect(encodeBreachId(longest).length).toBeLessThanOrEqual(LONGEST_BREACH_ID_PARAMETER);
    expect(encodeBreachId(longest).length).toBeGreaterThan(LONGEST_BREACH_ID_PARAMETER - 3);
    expect(deliveryJobId(longest, 3, 12, 'tier-1')).not.toMatch(/:/);
  });

  it('signs into a link that verifies for it, and only for it', () => {
    const url = new URL(links.linkFor(longest, NOW));
    const segment = url.pathname.split('/').at(-1)!;
    expect(segment.length).toBeLessThanOrEqual(LONGEST_BREACH_ID_PARAMETER);
    const expires = Number(url.searchParams.get('expires'));
    const signature = url.searchParams.get('signature')!;
    expect(decodeBreachId(segment)).toBe(longest);
    expect(links.verify(decodeBreachId(segment), expires, signature, NOW)).toBe('valid');
    expect(links.verify(longest.slice(0, -1), expires, signature, NOW)).toBe('invalid');
  });
});

describe('API tokens', () => {
  const tokens = {
    tokens: [
      { owner: 'viewer-bot', role: 'viewer' as const, sha256: hashToken('token-v') },
      { owner: 'alice', role: 'responder' as const, sha256: hashToken('token-r') },
    ],
  };

  it('find the owner from the token hash and rank the roles', () => {
    expect(authenticate(tokens, 'token-r')).toEqual({ owner: 'alice', role: 'responder' });
    expect(authenticate(tokens, 'token-x')).toBeUndefined();
    expect(hasRole({ owner: 'a', role: 'responder' }, 'viewer')).toBe(true);
    expect(hasRole({ owner: 'a', role: 'viewer' }, 'responder')).toBe(false);
    expect(hasRole({ owner: 'a', role: 'admin' }, 'responder')).toBe(true);
  });
});

describe('job ids', () => {
  it('never contain a colon and decode back to the breach id', () => {
    fc.assert(
      fc.property(fc.string({ minLength: 1 }), (breachId) => {
        expect(encodeBreachId(breachId)).not.toMatch(/:/);
        expect(decodeBreachId(encodeBreachId(breachId))).toBe(breachId);
        expect(stepJobId(breachId, 2, 3)).not.toMatch(/:/);
      }),
      { numRuns: 200 },
    );
  });
});

describe('the demo tokens file', () => {
  it('loads and holds the tokens its comment names', () => {
    const file = loadApiTokens(new URL('../../../escalation/demo-tokens.yaml', import.meta.url).pathname);
    expect(authenticate(file, 'demo-viewer-token')).toEqual({ owner: 'demo-viewer', role: 'viewer' });
    expect(authenticate(file, 'demo-responder-token')).toEqual({
      owner: 'demo-responder',
      role: 'responder',
    });
    expect(authenticate(file, 'demo-admin-token')).toEqual({ owner: 'demo-admin', role: 'admin' });
  });
});
