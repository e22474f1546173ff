import { describe, expect, it } from 'vitest';
import { canonicalNotification } from '../src/index.js';
import { breachChange, breachNotification } from './fixtures.js';

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
