import type { BreachChange } from '@slawatch/contract';
import { z } from 'zod';

/** Fields of a breach a route or a silence can select on. */
export const MATCHABLE_FIELDS = [
  'severity',
  'segment',
  'standard',
  'element',
  'route',
  'product',
  'level',
  'waybill',
  'breachId',
] as const;
export type MatchableField = (typeof MATCHABLE_FIELDS)[number];

const values = z
  .union([z.string().min(1), z.array(z.string().min(1)).min(1)])
  .transform((v) => (Array.isArray(v) ? v : [v]));

/**
 * Every named field must hold one of its listed values (a single value is a
 * list of one); an empty matcher matches every breach.
 */
export const BreachMatcherSchema = z.strictObject(
  Object.fromEntries(MATCHABLE_FIELDS.map((field) => [field, values.optional()])) as Record<
    MatchableField,
    z.ZodOptional<typeof values>
  >,
);
export type BreachMatcher = Partial<Record<MatchableField, string[]>>;

export function matches(matcher: BreachMatcher, breach: BreachChange): boolean {
  for (const field of MATCHABLE_FIELDS) {
    const allowed = matcher[field];
    if (allowed !== undefined && !allowed.includes(breach[field])) return false;
  }
  return true;
}

export function isEmptyMatcher(matcher: BreachMatcher): boolean {
  return MATCHABLE_FIELDS.every((field) => matcher[field] === undefined);
}
