import {
  type BreachChange,
  LEVELS,
  PRODUCTS,
  SEGMENTS,
  SEVERITIES,
  sampleBreachChange,
} from '@slawatch/contract';
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import type { Caller } from '../src/api-tokens.js';
import {
  type BreachMatcher,
  FIELD_VOCABULARIES,
  MATCHABLE_FIELDS,
  matches,
  narrows,
} from '../src/matcher.js';
import { silenceNote } from '../src/silence.js';
import {
  breadthOf,
  coversEveryCriticalBreach,
  judgeSilence,
  type SilenceProposal,
} from '../src/silence-policy.js';

const NOW = Date.parse('2026-11-29T00:00:00Z');
const HOUR = 3_600_000;
const RULES = { responderMaximum: '4h' };
const alice: Caller = { owner: 'alice', role: 'responder' };
const root: Caller = { owner: 'root', role: 'admin' };

/** A silence from now for `hours`. */
function proposal(matchers: BreachMatcher, hours = 1, reason?: string): SilenceProposal {
  return { matchers, startsMs: NOW, endsMs: NOW + hours * HOUR, ...(reason ? { reason } : {}) };
}
const judge = (p: SilenceProposal, caller: Caller, rules = RULES) =>
  judgeSilence({ proposal: p, caller, nowMs: NOW, rules });
const breadth = (matchers: BreachMatcher) => breadthOf(proposal(matchers), { nowMs: NOW, rules: RULES });

const NARROW: BreachMatcher = { severity: ['major', 'minor'], standard: ['delivered_on_time'] };

describe('which silences are broad', () => {
  it('a silence naming some severities and some standards is narrow', () => {
    expect(breadth(NARROW)).toEqual([]);
    expect(breadth({ severity: ['critical'], standard: ['lost'], route: ['remote'] })).toEqual([]);
  });

  it('matching every severity is broad, whether by naming none or naming all', () => {
    expect(breadth({ standard: ['lost'] })).toEqual(['every-severity']);
    expect(breadth({ standard: ['lost'], severity: [...SEVERITIES] })).toEqual(['every-severity']);
  });

  it('matching every standard is broad', () => {
    expect(breadth({ severity: ['minor'], route: ['remote'] })).toEqual(['every-standard']);
  });

  it('covering every critical breach is broad, even when only other closed fields are listed in full', () => {
    expect(breadth({ severity: ['critical'] })).toEqual(['every-standard', 'every-critical-breach']);
    expect(breadth({ severity: ['critical'], product: [...PRODUCTS], level: [...LEVELS] })).toEqual([
      'every-standard',
      'every-critical-breach',
    ]);
    expect(coversEveryCriticalBreach({ segment: [...SEGMENTS] })).toBe(true);
    expect(coversEveryCriticalBreach({ severity: ['major', 'minor'] })).toBe(false);
    expect(coversEveryCriticalBreach({ severity: ['critical'], product: ['next_day'] })).toBe(false);
    expect(coversEveryCriticalBreach({ standard: ['lost'] })).toBe(false);
    expect(coversEveryCriticalBreach({ waybill: ['ST1'] })).toBe(false);
  });

  it('naming waybills or breach ids narrows a silence to those shipments, whatever their severity or standard', () => {
    expect(breadth({ waybill: ['ST1', 'ST2'] })).toEqual([]);
    expect(breadth({ breachId: ['ST1:lost:critical:1'] })).toEqual([]);
  });

  it('lasting longer than the responder maximum is broad; exactly the maximum is not', () => {
    const at = (ms: number) =>
      breadthOf({ ...proposal(NARROW), endsMs: NOW + ms }, { nowMs: NOW, rules: RULES });
    expect(at(4 * HOUR)).toEqual([]);
    expect(at(4 * HOUR + 1)).toEqual(['responder-maximum']);
    const rules = { responderMaximum: '1h30m' };
    expect(breadthOf(proposal(NARROW, 1.5), { nowMs: NOW, rules })).toEqual([]);
    expect(breadthOf(proposal(NARROW, 1.6), { nowMs: NOW, rules })).toEqual(['responder-maximum']);
  });

  it('counts the duration from now when the silence started earlier', () => {
    const backdated = { ...proposal(NARROW, 4), startsMs: NOW - 2 * HOUR };
    expect(breadthOf(backdated, { nowMs: NOW, rules: RULES })).toEqual([]);
    const later = { matchers: NARROW, startsMs: NOW + HOUR, endsMs: NOW + 5 * HOUR + 1 };
    expect(breadthOf(later, { nowMs: NOW, rules: RULES })).toEqual(['responder-maximum']);
  });
});

describe('who may create a silence', () => {
  it("accepts a responder's narrow silence up to the maximum", () => {
    expect(judge(proposal(NARROW, 4), alice)).toEqual({ accepted: true, breadth: [] });
  });

  it("refuses a responder's broad silence with one message per broken rule, each naming its rule", () => {
    expect(judge(proposal({ segment: ['key_account'] }, 29 * 24), alice, RULES)).toEqual({
      accepted: false,
      refusal: 'forbidden',
      error:
        'this silence is broad (every-severity, every-standard, responder-maximum): it needs the admin role and a reason; alice is a responder',
      problems: [
        'every-severity: this silence matches every severity; name the severities it is for (or the waybills), or have an admin create it with a reason',
        'every-standard: this silence matches every standard; name the standards it is for (or the waybills), or have an admin create it with a reason',
        "responder-maximum: a responder's silence lasts at most 4h; a longer one needs the admin role and a reason",
      ],
    });
    const critical = judge(proposal({ severity: ['critical'] }), alice);
    expect(critical.accepted === false && critical.problems.map((p) => p.split(':')[0])).toEqual([
      'every-standard',
      'every-critical-breach',
    ]);
  });

  it("refuses a responder's broad silence even with a reason: the reason is for admins", () => {
    expect(judge(proposal({ standard: ['lost'] }, 1, 'hub fire'), alice)).toMatchObject({
      accepted: false,
      refusal: 'forbidden',
    });
  });

  it('quotes the configured maximum', () => {
    const verdict = judge(proposal(NARROW, 2), alice, { responderMaximum: '90m' });
    expect(verdict.accepted === false && verdict.problems).toEqual([
      "responder-maximum: a responder's silence lasts at most 90m; a longer one needs the admin role and a reason",
    ]);
  });

  it("accepts an admin's broad silence with a reason, and says how it is broad", () => {
    expect(judge(proposal({ severity: ['critical'] }, 29 * 24, 'national system outage'), root)).toEqual({
      accepted: true,
      breadth: ['every-standard', 'every-critical-breach', 'responder-maximum'],
    });
  });

  it("refuses an admin's broad silence without a reason, or with a blank one, as invalid", () => {
    for (const reason of [undefined, '  ']) {
      const verdict = judge({ ...proposal({ standard: ['lost'] }), ...(reason ? { reason } : {}) }, root);
      expect(verdict).toEqual({
        accepted: false,
        refusal: 'invalid',
        error: 'invalid request body',
        problems: [
          'reason: a broad silence (every-severity) needs a reason; say in "reason" why it must be this broad',
        ],
      });
    }
  });

  it("needs no reason for an admin's narrow silence", () => {
    expect(judge(proposal(NARROW), root)).toEqual({ accepted: true, breadth: [] });
  });

  it('caps every silence at 30 days and wants it to end after now and after its start, whoever asks', () => {
    const thirtyDays = 30 * 24;
    expect(judge(proposal(NARROW, thirtyDays, 'why'), root)).toMatchObject({ accepted: true });
    expect(
      judge({ ...proposal(NARROW, thirtyDays, 'why'), endsMs: NOW + thirtyDays * HOUR + 1 }, root),
    ).toEqual({
      accepted: false,
      refusal: 'invalid',
      error: 'invalid request body',
      problems: ['absolute-maximum: a silence lasts at most 30d, whoever creates it'],
    });
    const ended = judge({ matchers: NARROW, startsMs: NOW - 2 * HOUR, endsMs: NOW }, alice);
    expect(ended.accepted === false && ended.problems).toEqual([
      'ends-after-start: endsAt must be after now and after startsAt',
    ]);
    // Invalid wins over forbidden, and every problem is still listed.
    const both = judge(proposal({ standard: ['lost'] }, 31 * 24), alice);
    expect(both.accepted === false && [both.refusal, both.problems.map((p) => p.split(':')[0])]).toEqual([
      'invalid',
      ['absolute-maximum', 'every-severity', 'responder-maximum'],
    ]);
  });

  it('refuses a viewer', () => {
    expect(judge(proposal(NARROW), { owner: 'grafana', role: 'viewer' })).toEqual({
      accepted: false,
      refusal: 'forbidden',
      error: 'this needs the responder role; grafana is a viewer',
      problems: ['role: creating a silence needs the responder role'],
    });
  });
});

/** A critical breach the matcher leaves out, if a field lets one escape: a value it does not list. */
function criticalBreachEscaping(matcher: BreachMatcher): BreachChange | undefined {
  for (const field of MATCHABLE_FIELDS) {
    if (field === 'severity' || !narrows(matcher, field)) continue;
    const outside = (FIELD_VOCABULARIES[field] ?? ['some-other-value']).find(
      (v) => !matcher[field]?.includes(v),
    );
    return sampleBreachChange({ severity: 'critical', [field]: outside });
  }
  return matcher.severity && !matcher.severity.includes('critical')
    ? sampleBreachChange({ severity: 'critical' })
    : undefined;
}

describe('a responder cannot mute every critical breach', () => {
  // Biased to leave fields out or list them in full, so silences that narrow nothing come up often.
  const closed = (values: readonly string[]) =>
    fc.oneof(fc.constant(null), fc.constant([...values]), fc.subarray([...values], { minLength: 1 }));
  const open = fc.oneof(
    fc.constant(null),
    fc.constant(null),
    fc.array(fc.constantFrom('lost', 'ST1', 'x'), { minLength: 1, maxLength: 2 }),
  );
  const matcher = fc
    .record(
      Object.fromEntries(
        MATCHABLE_FIELDS.map((field) => {
          const vocabulary = FIELD_VOCABULARIES[field];
          return [field, vocabulary ? closed(vocabulary) : open];
        }),
      ),
    )
    .map((m) => Object.fromEntries(Object.entries(m).filter(([, v]) => v !== null)) as BreachMatcher);

  it('some critical breach escapes every silence a responder may create', () => {
    fc.assert(
      fc.property(matcher, (m) => {
        if (!judge(proposal(m), alice).accepted) return;
        const escaping = criticalBreachEscaping(m);
        expect(escaping).toBeDefined();
        expect(matches(m, escaping!)).toBe(false);
      }),
      { numRuns: 500 },
    );
  });
});

describe('a silence on the timeline', () => {
  const base = {
    id: 's1',
    matchers: { standard: ['lost'] },
    startsAt: '2026-11-29T00:00:00.000Z',
    endsAt: '2026-11-29T01:00:00.000Z',
    author: 'root',
    comment: 'hub fire',
    createdAt: '2026-11-29T00:00:00.000Z',
  };

  it('names its author, its reason if it has one, and for a broad one how broad', () => {
    expect(silenceNote({ ...base, breadth: [] })).toEqual({ id: 's1', author: 'root' });
    expect(silenceNote({ ...base, breadth: [], reason: 'asked by the customer' })).toEqual({
      id: 's1',
      author: 'root',
      reason: 'asked by the customer',
    });
    expect(silenceNote({ ...base, breadth: ['every-severity'], reason: 'national outage' })).toEqual({
      id: 's1',
      author: 'root',
      broad: true,
      breadth: ['every-severity'],
      reason: 'national outage',
    });
  });
});
