import {
  type BreachChange,
  ELEMENTS,
  LEVELS,
  PRODUCTS,
  ROUTE_CLASSES,
  SEGMENTS,
  SEVERITIES,
} from '@slawatch/contract';
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

/**
 * Every value a field can hold, for the fields the contract closes; the
 * standard, waybill and breach id are open (any text).
 */
export const FIELD_VOCABULARIES: Partial<Record<MatchableField, ReadonlyArray<string>>> = {
  severity: SEVERITIES,
  segment: SEGMENTS,
  element: ELEMENTS,
  route: ROUTE_CLASSES,
  product: PRODUCTS,
  level: LEVELS,
};

/**
 * Whether the matcher leaves some breaches out on this field: it names the
 * field and, for a closed field, not every value of it.
 */
export function narrows(matcher: BreachMatcher, field: MatchableField): boolean {
  const allowed = matcher[field];
  if (allowed === undefined) return false;
  const vocabulary = FIELD_VOCABULARIES[field];
  return vocabulary === undefined || vocabulary.some((value) => !allowed.includes(value));
}
