import { Ajv2020, type ValidateFunction } from 'ajv/dist/2020.js';
import type { DataValidationCxt } from 'ajv/dist/types/index.js';
import { z } from 'zod';
import { EVENT_SCHEMAS, isEventType } from './events.js';
import { isTimestamp, RFC3339_PATTERN } from './timestamp.js';
import { EVENT_TYPES, type EventType } from './vocabulary.js';

/*
 * The hot path's check of a whole event: the JSON Schema generated from the
 * zod schema of its type (`io: 'output'`, so every object is closed), compiled
 * once per type by ajv into plain code. It only ever says "valid as it is":
 * an event it passes is exactly what zod would return (no unknown fields to
 * strip, nothing to convert), so the parsed JSON is used without a copy. An
 * event it does not pass goes to zod, which decides and words the rejection,
 * so zod remains the one definition of the contract and of its messages.
 *
 * Where the JSON Schema is weaker than zod the formats close the gap:
 * `date-time` is zod's own calendar check (isTimestamp), and `uri` (the rare
 * `dataschema`) passes nothing here, leaving it to zod's URL check. Lengths
 * count UTF-16 code units (`unicode: false`), as zod's `.max()` does.
 */
const ajv = new Ajv2020({
  strict: false,
  unicode: false,
  allErrors: false,
  formats: { 'date-time': isTimestamp, uri: () => false },
  // Its one message would be that `unicode` is deprecated; the option still works (tested) and is the point.
  logger: false,
});

/** By type; keyed by any string so that a type read from JSON is looked up as it is. */
const compiled = new Map<string, ValidateFunction>();

/**
 * The schema without the pattern of its `date-time` fields: their format
 * check (isTimestamp) accepts exactly what the pattern does and more
 * strictly (the month's days), so running the regular expression as well
 * only doubled the cost of every event's time.
 */
function withoutTimePatterns<T>(schema: T): T {
  if (Array.isArray(schema)) return schema.map(withoutTimePatterns) as T;
  if (schema === null || typeof schema !== 'object') return schema;
  const out: Record<string, unknown> = {};
  const node = schema as Record<string, unknown>;
  for (const [key, value] of Object.entries(node)) {
    if (key === 'pattern' && node['format'] === 'date-time' && value === RFC3339_PATTERN.source) continue;
    out[key] = withoutTimePatterns(value);
  }
  return out as T;
}

function validatorOf(type: EventType): ValidateFunction {
  let validate = compiled.get(type);
  if (!validate) {
    const schema = z.toJSONSchema(EVENT_SCHEMAS[type], { target: 'draft-2020-12', io: 'output' });
    validate = ajv.compile(withoutTimePatterns(schema));
    compiled.set(type, validate);
  }
  return validate;
}

/**
 * Compiles the check of every event type now (about half a second), so that
 * no batch waits for a compilation: a service calls it once while starting.
 */
export function prepareEventChecks(): void {
  for (const type of EVENT_TYPES) validatorOf(type);
}

/**
 * The second argument of every call: what a compiled validator would
 * otherwise make up afresh as its default, two objects per event. The
 * event's place is the root; `rootData` left out is the event itself; and
 * dynamic anchors, which a validator would write here, the event schemas
 * have none of (tested).
 */
const AT_ROOT = Object.freeze({ instancePath: '', dynamicAnchors: Object.freeze({}) }) as DataValidationCxt;

/**
 * True when the value is a complete, valid event of its type with no field
 * zod would drop: then it is the contract's output as it stands. False says
 * nothing: zod decides.
 */
export function isExactEvent(value: Record<string, unknown>): boolean {
  const type = value['type'];
  if (typeof type !== 'string') return false;
  // Every type's check is compiled once the service has started: one lookup then answers both questions.
  const validate = compiled.get(type) ?? (isEventType(type) ? validatorOf(type) : undefined);
  return validate !== undefined && validate(value, AT_ROOT) === true;
}
