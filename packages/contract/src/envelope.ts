import { z } from 'zod';
import { identifier, timestamp } from './fields.js';

const SUBJECT_PATTERN = /^[A-Za-z0-9_-]{1,64}$/;
const SUBJECT_EXPECTATION = 'expected the waybill number: 1 to 64 letters, digits, "-" or "_"';

/**
 * CloudEvents 1.0 attributes common to every event. Unknown attributes
 * (CloudEvents extensions such as `traceparent`) are allowed and dropped: the
 * envelope must not break when a publisher adds tracing or routing metadata.
 */
export const envelopeShape = {
  specversion: z
    .literal('1.0', { error: 'expected "1.0" (CloudEvents 1.0)' })
    .describe('CloudEvents version.'),
  id: identifier('Unique per event; the idempotency key: a repeated id is processed once.'),
  source: identifier('The publishing system, e.g. "oms", "outlet/310101", "hub/SHA01".'),
  type: identifier('The event type, e.g. "order.created".'),
  time: timestamp('When it happened (not when it was published), RFC 3339 with a UTC offset.'),
  subject: z
    .string({ error: SUBJECT_EXPECTATION })
    .regex(SUBJECT_PATTERN, { error: SUBJECT_EXPECTATION })
    .describe('The waybill number; must equal the Kafka record key.'),
  datacontenttype: z
    .literal('application/json', { error: 'expected "application/json" or no datacontenttype' })
    .describe('Content type of data; JSON is the only one accepted.')
    .optional(),
  dataschema: z
    .url({ error: 'expected an absolute URI' })
    .describe('URI of the schema data conforms to; informative only.')
    .optional(),
};

/** The envelope as checked at runtime: `type` is any string here; the type table decides whether it is known. */
export const envelopeSchema = z.object(envelopeShape, { error: 'expected a JSON object' });
export type Envelope = z.output<typeof envelopeSchema>;
