import { ELEMENTS, LEVELS, PHASES, PRODUCTS, ROUTE_CLASSES, SEGMENTS, SEVERITIES } from '@slawatch/contract';
import { durationText } from '@slawatch/validation';
import { z } from 'zod';
import { EVENT_TYPES } from './event-types.js';

const name = z.string().regex(/^[a-z][a-z0-9_]*$/, 'expected a lower_snake_case name');
const eventType = z.enum(EVENT_TYPES);
const oneOrMany = <T extends z.ZodType>(item: T) =>
  z
    .union([item, z.array(item).min(1)])
    .transform((value) => (Array.isArray(value) ? value : [value]) as z.output<T>[]);

export const durationSchema = durationText();

const endOfDayLimit = z.strictObject({ endOfDay: z.int().min(0), plus: durationSchema.optional() });
const fieldLimit = z.strictObject({ field: z.string().min(1), plus: durationSchema.optional() });
const referenceLimit = z.strictObject({
  of: name,
  level: z.enum(LEVELS).default('breach'),
  plus: durationSchema.optional(),
});

/** A duration from the start, the end of business day D+n, a time field of the start event, or another standard's due time. */
export const limitSchema = z.union([durationSchema, endOfDayLimit, fieldLimit, referenceLimit], {
  error: 'expected a duration such as "2h", or { endOfDay: n }, { field: name } or { of: standardId }',
});

const matchSchema = z.strictObject({
  segment: oneOrMany(name).optional(),
  product: oneOrMany(name).optional(),
  route: oneOrMany(z.enum(ROUTE_CLASSES)).optional(),
});

const thresholds = {
  warn: limitSchema.optional(),
  breach: limitSchema.optional(),
  critical: limitSchema.optional(),
};

const limitEntrySchema = z
  .strictObject({ when: matchSchema.optional(), from: eventType.optional(), ...thresholds })
  .refine((entry) => entry.warn !== undefined || entry.breach !== undefined || entry.critical !== undefined, {
    error: 'expected at least one of warn, breach, critical',
  });

const deadlineRule = z.strictObject({
  kind: z.literal('deadline'),
  start: oneOrMany(eventType),
  stop: oneOrMany(eventType),
  cancelledBy: oneOrMany(eventType).default([]),
  limits: z.array(limitEntrySchema).min(1),
});

const silenceRule = z.strictObject({
  kind: z.literal('silence'),
  since: oneOrMany(eventType),
  until: oneOrMany(eventType),
  limits: z.array(limitEntrySchema).min(1),
});

const scalar = z.union([z.string(), z.number(), z.boolean()]);
const fieldTest = z
  .strictObject({
    field: z.string().min(1),
    equals: scalar.optional(),
    notEquals: scalar.optional(),
    in: z.array(scalar).min(1).optional(),
    notIn: z.array(scalar).min(1).optional(),
  })
  .refine(
    (test) => [test.equals, test.notEquals, test.in, test.notIn].filter((v) => v !== undefined).length === 1,
    {
      error: 'expected exactly one of equals, notEquals, in, notIn',
    },
  );

/** `dispatch.picked_up.pieces`: a field remembered from the earliest event of that type. */
const rememberedReference = z
  .string()
  .regex(
    /^[a-z]+\.[a-z_]+\.[A-Za-z_][A-Za-z0-9_]*$/,
    'expected <event type>.<field>, e.g. dispatch.picked_up.pieces',
  );

const compareSchema = z
  .strictObject({
    field: z.string().min(1),
    lessThan: rememberedReference.optional(),
    greaterThan: rememberedReference.optional(),
    equals: rememberedReference.optional(),
    notEquals: rememberedReference.optional(),
  })
  .refine(
    (c) => [c.lessThan, c.greaterThan, c.equals, c.notEquals].filter((v) => v !== undefined).length === 1,
    { error: 'expected exactly one of lessThan, greaterThan, equals, notEquals' },
  );

const clauseSchema = z.strictObject({
  event: eventType,
  when: oneOrMany(fieldTest).default([]),
  compare: compareSchema.optional(),
  after: eventType.optional(),
});

const conditionRule = z.strictObject({ kind: z.literal('condition'), anyOf: z.array(clauseSchema).min(1) });

const countRule = z.strictObject({
  kind: z.literal('count'),
  event: oneOrMany(eventType),
  moreThan: z.int().min(0),
});

const ruleSchema = z.discriminatedUnion('kind', [deadlineRule, silenceRule, conditionRule, countRule]);

const severitySchema = z.union([
  z.enum(SEVERITIES),
  z
    .record(name, z.enum(SEVERITIES))
    .refine((map) => 'default' in map, { error: 'expected a default severity' }),
]);

const ratio = z.number().gt(0).max(1);
const objectivesSchema = z
  .strictObject({
    window: durationSchema.default('30d'),
    target: z.union([ratio, z.record(name, ratio)]),
    benchmark: ratio.optional(),
    /** Whom the benchmark measures (定点超越: the competitor chosen to beat), shown beside it in the review. */
    benchmarkSource: z.string().min(1).max(200).optional(),
  })
  .refine((o) => o.benchmarkSource === undefined || o.benchmark !== undefined, {
    error: 'expected a benchmark beside benchmarkSource',
    path: ['benchmark'],
  });

export const standardSchema = z.strictObject({
  // Standard ids ride in breach ids, and those in links and routes: escalation sizes them for 100 (LONGEST_STANDARD_ID).
  id: name.max(100, 'expected a name of at most 100 characters'),
  title: z.string().min(1),
  titleZh: z.string().min(1).optional(),
  element: z.enum(ELEMENTS),
  phase: z.enum(PHASES),
  appliesTo: z
    .strictObject({
      segments: z.array(name).min(1).optional(),
      products: z.array(name).min(1).optional(),
      routes: z.array(z.enum(ROUTE_CLASSES)).min(1).optional(),
    })
    .default({}),
  severity: severitySchema,
  action: z.string().min(1).optional(),
  rule: ruleSchema,
  objectives: objectivesSchema.optional(),
});

export const standardsFileSchema = z.strictObject({
  version: z.string().min(1),
  timezone: z.string().min(1),
  cutoff: z.string().regex(/^([01]\d|2[0-3]):[0-5]\d$/, 'expected a local time HH:MM'),
  // Orders carry the contract's segments and products; a file can choose among them, not invent others.
  segments: z.array(z.enum(SEGMENTS)).min(1),
  products: z.array(z.enum(PRODUCTS)).min(1),
  routes: z.strictObject({ remoteProvinces: z.array(z.string().min(1)).default([]) }),
  /** Events after which a shipment needs no more watching, once nothing else is pending. */
  finishedBy: z.array(eventType).min(1),
  standards: z.array(standardSchema).min(1),
});

export type StandardsFile = z.output<typeof standardsFileSchema>;
export type Standard = z.output<typeof standardSchema>;
export type Rule = Standard['rule'];
export type DeadlineRule = z.output<typeof deadlineRule>;
export type SilenceRule = z.output<typeof silenceRule>;
export type ConditionRule = z.output<typeof conditionRule>;
export type CountRule = z.output<typeof countRule>;
export type Clause = z.output<typeof clauseSchema>;
export type FieldTest = z.output<typeof fieldTest>;
export type Compare = z.output<typeof compareSchema>;
export type LimitEntry = z.output<typeof limitEntrySchema>;
export type Limit = z.output<typeof limitSchema>;
export type RouteMatch = z.output<typeof matchSchema>;
export type Objectives = z.output<typeof objectivesSchema>;
