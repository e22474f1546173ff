import { sampleBreachChange } from '@slawatch/contract';
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { overLimitAction, slotDecision } from '../src/rate-limit.js';
import { type Silence, SilenceRequestSchema, silencesCovering } from '../src/silence.js';

const T0 = Date.parse('2026-11-29T00:00:00Z');

function silence(id: string, matchers: Silence['matchers'], fromMinutes: number, toMinutes: number): Silence {
  return {
    id,
    matchers,
    startsAt: new Date(T0 + fromMinutes * 60_000).toISOString(),
    endsAt: new Date(T0 + toMinutes * 60_000).toISOString(),
    author: 'alice',
    comment: 'hub outage',
    createdAt: new Date(T0).toISOString(),
  };
}

describe('silences', () => {
  const silences = [
    silence('hub', { route: ['inter_province', 'remote'], segment: ['ecommerce'] }, 0, 60),
    silence('later', { severity: ['major'] }, 30, 90),
    silence('waybill', { waybill: ['ST1'] }, 0, 60),
  ];

  it('cover a breach only while active and when every matcher fits', () => {
    const breach = sampleBreachChange();
    expect(silencesCovering(silences, breach, T0 + 10 * 60_000).map((s) => s.id)).toEqual(['hub']);
    expect(silencesCovering(silences, breach, T0 + 45 * 60_000).map((s) => s.id)).toEqual(['hub', 'later']);
    expect(silencesCovering(silences, breach, T0 + 60 * 60_000).map((s) => s.id)).toEqual(['later']);
    expect(
      silencesCovering(silences, sampleBreachChange({ segment: 'key_account' }), T0 + 10 * 60_000),
    ).toEqual([]);
    expect(silencesCovering(silences, sampleBreachChange({ waybill: 'ST1' }), T0).map((s) => s.id)).toEqual([
      'hub',
      'waybill',
    ]);
  });

  it('must name at least one matcher and a reason', () => {
    const result = SilenceRequestSchema.safeParse({
      matchers: {},
      endsAt: '2026-11-29T01:00:00Z',
      comment: ' ',
    });
    expect(result.success).toBe(false);
    expect(result.error?.issues.map((i) => `${i.path.join('.')}: ${i.message}`)).toEqual([
      'matchers: expected at least one matcher: a silence of everything is not allowed',
      'comment: expected a comment saying why',
    ]);
    expect(
      SilenceRequestSchema.safeParse({
        matchers: { severity: 'minor' },
        endsAt: '2026-11-29T01:00:00Z',
        comment: 'x',
      }).data?.matchers,
    ).toEqual({
      severity: ['minor'],
    });
  });
});

describe('rate limit', () => {
  const limit = { messages: 3, perMs: 60_000 };

  it('allows up to the limit in the window and names when the oldest leaves it', () => {
    expect(slotDecision([T0, T0 + 1000], T0 + 2000, limit)).toEqual({ allowed: true });
    expect(slotDecision([T0, T0 + 1000, T0 + 1500], T0 + 2000, limit)).toEqual({
      allowed: false,
      retryAtMs: T0 + 60_000,
    });
    expect(slotDecision([T0, T0 + 1000, T0 + 1500], T0 + 60_000, limit)).toEqual({ allowed: true });
  });

  it('never lets more than the limit out in any window, and the retry time is a time it would allow', () => {
    fc.assert(
      fc.property(
        fc.integer({ min: 1, max: 5 }),
        fc.integer({ min: 1_000, max: 10_000 }),
        fc.array(fc.integer({ min: 0, max: 30_000 }), { minLength: 1, maxLength: 60 }),
        (messages, perMs, gaps) => {
          const sent: number[] = [];
          let now = T0;
          for (const gap of gaps) {
            now += gap;
            const decision = slotDecision(sent, now, { messages, perMs });
            if (decision.allowed) sent.push(now);
            else {
              expect(decision.retryAtMs).toBeGreaterThan(now);
              expect(slotDecision(sent, decision.retryAtMs, { messages, perMs }).allowed).toBe(true);
            }
          }
          for (const start of sent) {
            expect(sent.filter((t) => t >= start && t < start + perMs).length).toBeLessThanOrEqual(messages);
          }
        },
      ),
      { numRuns: 200 },
    );
  });

  it('merges pages into digests and defers resolved notices and digests, dropping nothing', () => {
    expect(overLimitAction('breach')).toBe('merge');
    expect(overLimitAction('resolved')).toBe('defer');
    expect(overLimitAction('digest')).toBe('defer');
  });
});
