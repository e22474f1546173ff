import { describe, expect, it } from 'vitest';
import { breachChangeSchema, canonicalBreachChange, sampleBreachChange } from '../src/index.js';

describe('the breach change', () => {
  it('accepts the sample and drops fields it does not know (personal data goes no further)', () => {
    const parsed = breachChangeSchema.parse({ ...sampleBreachChange(), recipientPhone: '13800001111' });
    expect(parsed).toEqual(sampleBreachChange());
    expect(parsed).not.toHaveProperty('recipientPhone');
  });

  it('rejects an unknown severity and a detection time that is not a timestamp, naming both paths', () => {
    const result = breachChangeSchema.safeParse({
      ...sampleBreachChange(),
      severity: 'huge',
      detectedAt: 'yesterday',
    });
    expect(result.success).toBe(false);
    if (!result.success)
      expect(result.error.issues.map((issue) => issue.path.join('.')).sort()).toEqual([
        'detectedAt',
        'severity',
      ]);
  });

  it('reads a change written before dueAt and contractVersion were always sent', () => {
    const { dueAt: _due, contractVersion: _version, ...older } = sampleBreachChange({ status: 'retracted' });
    const parsed = breachChangeSchema.parse(older);
    expect(parsed.dueAt).toBeNull();
    expect(parsed.contractVersion).toBe('1');
  });

  it('keeps "no due time" (null) apart from a due time, and refuses a dueAt that is not a time', () => {
    expect(breachChangeSchema.parse(sampleBreachChange({ dueAt: null })).dueAt).toBeNull();
    expect(breachChangeSchema.safeParse({ ...sampleBreachChange(), dueAt: 'soon' }).success).toBe(false);
  });

  it('is written in one field order whatever order the caller built it in', () => {
    const built = sampleBreachChange();
    const shuffled = Object.fromEntries(Object.entries(built).reverse()) as typeof built;
    expect(JSON.stringify(canonicalBreachChange(shuffled))).toBe(
      JSON.stringify(canonicalBreachChange(built)),
    );
    expect(JSON.stringify(shuffled)).not.toBe(JSON.stringify(built));
  });
});
