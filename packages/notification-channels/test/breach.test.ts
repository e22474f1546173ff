import { describe, expect, it } from 'vitest';
import { BreachChangeSchema, canonicalNotification } from '../src/index.js';
import { breachChange, breachNotification } from './fixtures.js';

describe('BreachChangeSchema', () => {
  it('accepts a breach change and drops fields it does not know', () => {
    const parsed = BreachChangeSchema.parse({ ...breachChange(), recipientPhone: '13800001111' });
    expect(parsed).toEqual(breachChange());
    expect(parsed).not.toHaveProperty('recipientPhone');
  });

  it('rejects an unknown severity and a detection time that is not a timestamp', () => {
    const result = BreachChangeSchema.safeParse({
      ...breachChange(),
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
});

describe('canonicalNotification', () => {
  it('orders fields the same way whatever order the caller used', () => {
    const shuffled = Object.fromEntries(Object.entries(breachChange()).reverse()) as ReturnType<
      typeof breachChange
    >;
    const a = JSON.stringify(canonicalNotification(breachNotification()));
    const b = JSON.stringify(canonicalNotification(breachNotification({ breach: shuffled })));
    expect(b).toBe(a);
    expect(JSON.stringify(breachNotification({ breach: shuffled }))).not.toBe(
      JSON.stringify(breachNotification()),
    );
  });
});
