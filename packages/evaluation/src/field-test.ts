import type { FieldTest } from '@slawatch/standards';

/** A missing field equals nothing, so `notEquals: true` holds for an absent `consented`. */
export function fieldTestHolds(test: FieldTest, data: Record<string, unknown>): boolean {
  const value = data[test.field];
  if (test.equals !== undefined) return value === test.equals;
  if (test.notEquals !== undefined) return value !== test.notEquals;
  if (test.in !== undefined) return test.in.some((candidate) => candidate === value);
  return !test.notIn!.some((candidate) => candidate === value);
}

/** A number, or an RFC 3339 time as epoch ms; anything else cannot be remembered. */
export function numericValue(value: unknown): number | undefined {
  if (typeof value === 'number' && Number.isFinite(value)) return value;
  if (typeof value === 'string') {
    const time = Date.parse(value);
    if (Number.isFinite(time)) return time;
  }
  return undefined;
}
