import { describeKind } from '@slawatch/validation';
import { z } from 'zod';
import { withheldValueError } from './personal-data.js';
import { isTimestamp, RFC3339_PATTERN } from './timestamp.js';

/*
 * Field builders whose messages say what was expected in words an upstream
 * developer reads without knowing zod; `problemsFrom` appends what was found,
 * giving e.g. `data.pieces: expected a positive integer, got "three"`.
 * Each call returns a fresh schema so descriptions attached to one use do not
 * leak into another.
 */

const IDENTIFIER_MAX = 128;
const TEXT_MAX = 1000;

export interface FieldOptions {
  /** The value may be personal data: a rejection message says what kind of value it was, never the value. */
  personal?: boolean;
}

export function identifier(description: string, options: FieldOptions = {}) {
  const expected = `expected a non-empty string of at most ${IDENTIFIER_MAX} characters`;
  const error = options.personal ? withheldValueError(expected) : expected;
  return z.string({ error }).min(1, { error }).max(IDENTIFIER_MAX, { error }).describe(description);
}

/** Free text may quote a name, a phone number or an address: its value is never shown in a rejection. */
export function freeText(description: string) {
  const error = withheldValueError(`expected a string of at most ${TEXT_MAX} characters`);
  return z.string({ error }).max(TEXT_MAX, { error }).describe(description);
}

export function positiveInteger(description: string) {
  const expected = 'expected a positive integer';
  return z
    .number({ error: expected })
    .int({ error: expected })
    .positive({ error: expected })
    .describe(description);
}

export function positiveNumber(description: string) {
  const expected = 'expected a number greater than 0';
  return z.number({ error: expected }).positive({ error: expected }).describe(description);
}

export function nonNegativeNumber(description: string) {
  const expected = 'expected a number of at least 0';
  return z.number({ error: expected }).nonnegative({ error: expected }).describe(description);
}

export function oneOf<const Values extends readonly [string, ...string[]]>(
  values: Values,
  description: string,
) {
  return z.enum(values, { error: `expected one of ${values.join(', ')}` }).describe(description);
}

export function flag(description: string) {
  return z.boolean({ error: 'expected true or false' }).describe(description);
}

export const TIMESTAMP_EXPECTATION =
  'expected an RFC 3339 time with seconds and a UTC offset, e.g. 2026-11-29T08:00:00+08:00';

export function timestamp(description: string) {
  // One check instead of `.regex()` plus a calendar refinement: this runs for every record, and the
  // pattern still reaches the JSON Schema through the metadata.
  return z
    .string({ error: TIMESTAMP_EXPECTATION })
    .refine(isTimestamp, { error: TIMESTAMP_EXPECTATION })
    .meta({ format: 'date-time', pattern: RFC3339_PATTERN.source, description });
}

/**
 * Objects strip unknown fields: a later contract version may add optional
 * fields without breaking v1. A non-object found in an object's place is
 * described by its kind only: a string where `recipient` or `origin` belongs
 * is likely the very personal data the object would have held.
 */
export function record<Shape extends z.ZodRawShape>(shape: Shape, description: string) {
  return z
    .object(shape, { error: (issue) => `expected an object, got ${describeKind(issue.input)}` })
    .describe(description);
}
