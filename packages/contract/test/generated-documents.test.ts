import { readdirSync, readFileSync } from 'node:fs';
import { Ajv2020 } from 'ajv/dist/2020.js';
import addFormatsPlugin from 'ajv-formats';
import { describe, expect, it } from 'vitest';
import { parse } from 'yaml';
import { contractDocuments, SCHEMAS_DIRECTORY } from '../src/generate/documents.js';
import {
  deadLetterRecord,
  EVENT_TYPES,
  isEventType,
  REJECTION_REASONS,
  sampleEvent,
  validateEvent,
} from '../src/index.js';
import { MALFORMED_CASES } from './malformed-cases.js';

const repositoryRoot = new URL('../../../', import.meta.url);
const read = (path: string) => readFileSync(new URL(path, repositoryRoot), 'utf8');

// ajv-formats is CommonJS; depending on the loader its plugin is the module itself or its default export.
const addFormats = ((addFormatsPlugin as { default?: unknown }).default ?? addFormatsPlugin) as (
  ajv: Ajv2020,
) => void;

function schemaValidator() {
  const ajv = new Ajv2020({ allErrors: true, strict: true });
  addFormats(ajv);
  // zod marks base64 strings with a format ajv does not know; the schema's pattern already checks them.
  ajv.addFormat('base64', true);
  const schemaOf = (fileName: string) => JSON.parse(read(`${SCHEMAS_DIRECTORY}/${fileName}`)) as object;
  return {
    validates: (fileName: string, value: unknown) => {
      if (ajv.getSchema(fileName) === undefined) ajv.addSchema(schemaOf(fileName), fileName);
      const validate = ajv.getSchema(fileName)!;
      return validate(value) ? true : validate.errors;
    },
  };
}

describe('the committed contract documents', () => {
  it('are what the generator produces now (run packages/contract generate when this fails)', () => {
    const documents = contractDocuments();
    for (const document of documents) {
      expect(read(document.path), `${document.path} is stale`).toBe(document.content);
    }
    const generatedSchemas = documents
      .map((d) => d.path)
      .filter((path) => path.startsWith(SCHEMAS_DIRECTORY));
    const committedSchemas = readdirSync(new URL(SCHEMAS_DIRECTORY, repositoryRoot)).map(
      (name) => `${SCHEMAS_DIRECTORY}/${name}`,
    );
    expect(committedSchemas.sort()).toEqual(generatedSchemas.sort());
  });

  it('have one JSON Schema per event type, plus the envelope and the dead-letter record', () => {
    const names = contractDocuments().map((d) => d.path.split('/').pop());
    for (const type of EVENT_TYPES) expect(names).toContain(`${type}.json`);
    expect(names).toContain('envelope.json');
    expect(names).toContain('dead-letter-record.json');
  });

  it('describe every input type as a message of the right channel in the AsyncAPI document', () => {
    const asyncApi = parse(read('docs/contract/asyncapi.yaml')) as {
      asyncapi: string;
      channels: Record<string, { address: string; messages: Record<string, { $ref: string }> }>;
      components: { messages: Record<string, { contentType: string; payload: { $ref?: string } }> };
    };
    expect(asyncApi.asyncapi).toBe('3.0.0');
    for (const type of EVENT_TYPES) {
      const family = type.startsWith('order.') ? 'orders' : type.split('.')[0]!;
      expect(asyncApi.channels[family]?.messages[type]).toEqual({ $ref: `#/components/messages/${type}` });
      expect(asyncApi.components.messages[type]).toMatchObject({
        contentType: 'application/cloudevents+json',
        payload: { $ref: `./schemas/${type}.json` },
      });
    }
    expect(asyncApi.channels['deadLetter']?.address).toBe('slawatch.dlq');
    expect(asyncApi.channels['breaches']?.address).toBe('slawatch.breaches');
  });
});

describe('the JSON Schemas, read by an independent validator (ajv)', () => {
  const { validates } = schemaValidator();

  it.each(EVENT_TYPES)('accept the sample %s, also under the envelope schema', (type) => {
    expect(validates(`${type}.json`, sampleEvent(type))).toBe(true);
    expect(validates('envelope.json', sampleEvent(type))).toBe(true);
  });

  it('accept optional personal data and unknown fields, as the parser does', () => {
    const event = {
      ...sampleEvent('order.created', {
        data: {
          recipient: { name: 'Li Hua', phone: '13800000000' },
          destination: { province: 'Shanghai', city: 'Shanghai', address: '100 Century Avenue' },
        },
      }),
      traceparent: '00-4bf92f3577b34da6a3ce929d0e0e4736-00f067aa0ba902b7-01',
    };
    expect(validates('order.created.json', { ...event, data: { ...event.data, channel: 'app' } })).toBe(true);
    expect(validateEvent(event).ok).toBe(true);
  });

  it('state the consent rule of delivery.delivered', () => {
    const data = { pieces: 1, condition: 'intact' };
    const valid = (change: object) =>
      validates('delivery.delivered.json', {
        ...sampleEvent('delivery.delivered'),
        data: { ...data, ...change },
      });
    expect(valid({ handover: 'recipient' })).toBe(true);
    expect(valid({ handover: 'locker', consented: false })).toBe(true);
    expect(valid({ handover: 'locker' })).not.toBe(true);
    expect(valid({ handover: 'door', consented: true })).not.toBe(true);
  });

  const refusedByShape = MALFORMED_CASES.filter(
    (c) =>
      c.value !== undefined &&
      ['invalid_envelope', 'invalid_time', 'invalid_data', 'unknown_type'].includes(c.reason),
  );

  it.each(refusedByShape)('refuse what the parser refuses: $name', (malformed) => {
    const type = malformed.value!['type'];
    const schema = typeof type === 'string' && isEventType(type) ? `${type}.json` : 'envelope.json';
    expect(validates(schema, malformed.value)).not.toBe(true);
  });

  it('accept a dead-letter record for every reason', () => {
    for (const reason of REJECTION_REASONS) {
      const record = deadLetterRecord({
        reason,
        message: 'm',
        topic: 'logistics.orders',
        partition: 0,
        offset: '42',
        key: Buffer.from('773012345678'),
        value: Buffer.from([0xff]),
        headers: { a: 'b' },
        rejectedAt: 0,
      });
      expect(validates('dead-letter-record.json', record)).toBe(true);
    }
  });
});
