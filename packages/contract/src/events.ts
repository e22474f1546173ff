import { z } from 'zod';
import { DATA_SCHEMAS } from './data/index.js';
import { type Envelope, envelopeShape } from './envelope.js';
import { EVENT_TYPES, type EventType } from './vocabulary.js';

export type EventData<T extends EventType> = z.output<(typeof DATA_SCHEMAS)[T]>;

/** A parsed event of one type: the CloudEvents envelope with `data` typed for that type. */
export type EventOf<T extends EventType> = Omit<Envelope, 'type'> & { type: T; data: EventData<T> };

/** Any parsed event; narrowing on `type` narrows `data`. */
export type ContractEvent = { [T in EventType]: EventOf<T> }[EventType];

function eventSchemaOf<T extends EventType>(type: T) {
  const data = DATA_SCHEMAS[type];
  return z
    .object({ ...envelopeShape, type: z.literal(type), data }, { error: 'expected a JSON object' })
    .meta({ title: type, description: data.description });
}

/** The complete CloudEvent of each type: what the generated JSON Schemas describe. */
export const EVENT_SCHEMAS = Object.fromEntries(EVENT_TYPES.map((type) => [type, eventSchemaOf(type)])) as {
  [T in EventType]: ReturnType<typeof eventSchemaOf<T>>;
};

/** All v1 events as one discriminated union, for callers that want a single zod schema. */
export const contractEventSchema: z.ZodType<ContractEvent> = z.discriminatedUnion(
  'type',
  EVENT_TYPES.map((type) => EVENT_SCHEMAS[type]) as unknown as [
    (typeof EVENT_SCHEMAS)[EventType],
    ...(typeof EVENT_SCHEMAS)[EventType][],
  ],
);

const KNOWN_TYPES: ReadonlySet<string> = new Set(EVENT_TYPES);

export function isEventType(value: string): value is EventType {
  return KNOWN_TYPES.has(value);
}
