import { z } from 'zod';
import { breachChangeSchema } from '../breach-change.js';
import { deadLetterRecordSchema } from '../dead-letter.js';
import { envelopeShape } from '../envelope.js';
import { EVENT_SCHEMAS } from '../events.js';
import { EVENT_TYPES } from '../vocabulary.js';

export type JsonSchema = Record<string, unknown>;

/*
 * `io: 'input'` describes what publishers may send: objects without
 * `additionalProperties: false`, because unknown fields are accepted (and
 * dropped) so that v1 publishers keep working when v1.x adds optional fields.
 */
function toJsonSchema(schema: z.ZodType, io: 'input' | 'output' = 'input'): JsonSchema {
  return z.toJSONSchema(schema, { target: 'draft-2020-12', io }) as JsonSchema;
}

/** The envelope as upstream teams see it: any v1 type, and `data` as some object. */
const envelopeDocumentSchema = z
  .object({
    ...envelopeShape,
    type: z.enum(EVENT_TYPES).describe('The event type; each has its own schema for data.'),
    data: z.record(z.string(), z.unknown()).describe('The event payload; see the schema of the type.'),
  })
  .meta({
    title: 'slawatch CloudEvent envelope (contract v1)',
    description:
      'CloudEvents 1.0 attributes common to every event; data is checked by the schema of its type.',
  });

/**
 * What slawatch sends: every field it always writes is required (`io: 'output'`),
 * but readers must accept fields that v1.x adds, so no `additionalProperties: false`.
 */
export function breachChangeDocument(): JsonSchema {
  const { additionalProperties: _closed, ...open } = toJsonSchema(breachChangeSchema, 'output');
  return open;
}

/** File name (inside docs/contract/schemas) → JSON Schema, in a fixed order. */
export function jsonSchemaDocuments(): Array<[fileName: string, schema: JsonSchema]> {
  return [
    ['envelope.json', toJsonSchema(envelopeDocumentSchema)],
    ...EVENT_TYPES.map((type): [string, JsonSchema] => [`${type}.json`, toJsonSchema(EVENT_SCHEMAS[type])]),
    ['dead-letter-record.json', toJsonSchema(deadLetterRecordSchema)],
    ['breach-change.json', breachChangeDocument()],
  ];
}
