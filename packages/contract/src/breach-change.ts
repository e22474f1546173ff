import { z } from 'zod';
import { breachCauseSchema, canonicalBreachCause } from './breach-cause.js';
import { BREACH_STATUSES, ELEMENTS, LEVELS, PHASES, ROUTE_CLASSES, SEVERITIES } from './breach-vocabulary.js';
import { timestamp } from './fields.js';
import { CONTRACT_VERSION, PRODUCTS, SEGMENTS } from './vocabulary.js';

/**
 * What the monitor publishes on `slawatch.breaches`, one record per change of
 * a breach (opened, resolved, retracted), keyed by waybill. The monitor builds
 * it (the evaluation core), escalation reads it, the channels render it: all
 * three use this one schema.
 *
 * Compatibility follows the events' rule: v1 changes only by adding optional
 * fields; readers drop fields they do not know, so nothing unexpected (personal
 * data, say) is stored or forwarded. Records written before a field existed
 * still parse: `dueAt`, `judgedBeforeBacklogRead` and `contractVersion` have
 * defaults for them.
 */
export const breachChangeSchema = z
  .object({
    breachId: z
      .string()
      .min(1)
      .describe('`<waybill>:<standard>:<level>:<occurrence>`; the same on every replay and every status.'),
    status: z.enum(BREACH_STATUSES).describe('What happened to the breach.'),
    waybill: z.string().min(1).describe('The waybill number; also the Kafka record key.'),
    standard: z.string().min(1).describe('The id of the standard in the standards file.'),
    title: z.string().min(1).describe("The standard's title in English."),
    titleZh: z
      .string()
      .min(1)
      .optional()
      .describe("The standard's title in Chinese, when the file gives one."),
    action: z
      .string()
      .min(1)
      .optional()
      .describe('What the person alerted should do, from the standards file.'),
    element: z.enum(ELEMENTS).describe('The service element the standard belongs to.'),
    phase: z.enum(PHASES).describe('Before, during or after the transaction.'),
    segment: z.enum(SEGMENTS).describe("The customer's segment, from the order."),
    product: z.enum(PRODUCTS).describe('The product ordered.'),
    route: z.enum(ROUTE_CLASSES).describe('The route class of origin and destination.'),
    severity: z.enum(SEVERITIES).describe('How urgently to act; decided by the standard, segment and level.'),
    level: z.enum(LEVELS).describe("Which of the standard's thresholds was missed."),
    dueAt: timestamp('When the missed threshold fell due.')
      .nullable()
      .default(null)
      .describe(
        'When the missed threshold fell due; on every status of a breach that has one. null: the standard has no due time (a condition or count standard).',
      ),
    detectedAt: timestamp('When slawatch detected this change.'),
    judgedBeforeBacklogRead: z
      .boolean()
      .default(false)
      .describe(
        'true: a deadline was judged before slawatch had read all events up to it, because its input was held back longer than the configured maximum (a backlog, a stalled partition). Evidence still unread may retract it. false on every other change.',
      ),
    evidence: z
      .array(z.string())
      .describe('Ids of the events behind this change; empty when a deadline passing caused it.'),
    cause: breachCauseSchema
      .optional()
      .describe(
        'Where the breach most likely comes from; escalation groups breaches into incidents by it. Absent in records written before it existed.',
      ),
    standardsVersion: z.string().min(1).describe('The version of the standards file that judged it.'),
    contractVersion: z
      .literal(CONTRACT_VERSION)
      .default(CONTRACT_VERSION)
      .describe('The contract version of this message.'),
  })
  .meta({
    title: 'slawatch breach change',
    description: 'A breach of a service standard was opened, resolved or retracted for one shipment.',
  });

/** A breach change as published and as read: every field present (`dueAt` null when there is none). */
export type BreachChange = z.output<typeof breachChangeSchema>;

/**
 * A copy holding only the contract's fields, in the contract's order. Whoever
 * serialises or signs a change uses this copy, so the bytes do not depend on
 * how the caller built the object and no extra field can leak out.
 */
export function canonicalBreachChange(change: BreachChange): BreachChange {
  return {
    breachId: change.breachId,
    status: change.status,
    waybill: change.waybill,
    standard: change.standard,
    title: change.title,
    ...(change.titleZh === undefined ? {} : { titleZh: change.titleZh }),
    ...(change.action === undefined ? {} : { action: change.action }),
    element: change.element,
    phase: change.phase,
    segment: change.segment,
    product: change.product,
    route: change.route,
    severity: change.severity,
    level: change.level,
    dueAt: change.dueAt,
    detectedAt: change.detectedAt,
    judgedBeforeBacklogRead: change.judgedBeforeBacklogRead,
    evidence: [...change.evidence],
    ...(change.cause === undefined ? {} : { cause: canonicalBreachCause(change.cause) }),
    standardsVersion: change.standardsVersion,
    contractVersion: change.contractVersion,
  };
}
