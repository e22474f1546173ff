import { DATA_SCHEMAS, type EventType } from '@slawatch/contract';
import { z } from 'zod';

/** The object schema inside optional, nullable or default wrappers, if any. */
function objectOf(schema: z.ZodType): z.ZodObject | undefined {
  let current: z.ZodType = schema;
  for (let depth = 0; depth < 5; depth++) {
    if (current instanceof z.ZodObject) return current;
    if (
      current instanceof z.ZodOptional ||
      current instanceof z.ZodNullable ||
      current instanceof z.ZodDefault
    ) {
      current = current.unwrap() as z.ZodType;
    } else return undefined;
  }
  return undefined;
}

function collect(value: unknown, schema: z.ZodType, path: string, found: string[]): void {
  const object = objectOf(schema);
  if (!object || value === null || typeof value !== 'object' || Array.isArray(value)) return;
  const shape = object.shape as Record<string, z.ZodType>;
  for (const [key, inner] of Object.entries(value as Record<string, unknown>)) {
    const at = path === '' ? key : `${path}.${key}`;
    const field = shape[key];
    if (field === undefined) found.push(at);
    else collect(inner, field, at, found);
  }
}

/**
 * Fields of an event's data the contract does not define, as paths
 * (`data.facilty`). The contract accepts them (a newer publisher may add
 * fields); `--strict` refuses them, so a typo in an optional field is not
 * silently ignored. Envelope attributes beyond the contract's are CloudEvents
 * extensions (`traceparent`), allowed by the contract and by `--strict`.
 */
export function unknownFields(event: Record<string, unknown>, type: EventType): string[] {
  const found: string[] = [];
  collect(event['data'], DATA_SCHEMAS[type] as z.ZodType, 'data', found);
  return found;
}
