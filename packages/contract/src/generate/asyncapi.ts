import { sampleBreachChange } from '../breach-change-sample.js';
import { DATA_SCHEMAS } from '../data/index.js';
import { sampleEvent } from '../samples.js';
import { DEFAULT_TOPICS, TOPIC_FAMILIES, type TopicFamily, topicFamilyOf } from '../topics.js';
import { CONTRACT_VERSION, EVENT_TYPES, type EventType } from '../vocabulary.js';
import { breachChangeDocument, type JsonSchema } from './json-schemas.js';

const KAFKA_BINDING_VERSION = '0.5.0';
const CLOUDEVENTS_JSON = 'application/cloudevents+json';

const waybillKey = {
  type: 'string',
  description:
    'The waybill number, UTF-8; must equal the CloudEvent subject. Keeps a shipment on one partition.',
};

const FAMILY_DESCRIPTIONS: Record<TopicFamily, string> = {
  orders: 'Order events from the order-management system: creation, cancellation, stockouts, corrections.',
  dispatch: 'Dispatch events from outlets and hubs: pickup, hub scans, out for delivery.',
  delivery: 'Delivery events from delivering outlets: attempts, hand-over, exceptions, returns.',
  aftersales: 'After-sales events from customer service and claims: complaints and claims.',
};

/** A JSON Schema as an AsyncAPI payload: the dialect is the document's, so `$schema` goes. */
function payloadSchema(schema: JsonSchema): JsonSchema {
  const { $schema: _dialect, ...payload } = schema;
  return payload;
}

function messageReference(channel: string, message: string) {
  // JSON Pointer: "/" would need escaping as "~1"; type names contain only letters, "." and "_".
  return { $ref: `#/channels/${channel}/messages/${message}` };
}

function eventMessage(type: EventType) {
  return {
    name: type,
    title: type,
    summary: DATA_SCHEMAS[type].description,
    contentType: CLOUDEVENTS_JSON,
    payload: { $ref: `./schemas/${type}.json` },
    bindings: { kafka: { key: waybillKey, bindingVersion: KAFKA_BINDING_VERSION } },
    examples: [{ name: 'sample', payload: sampleEvent(type) }],
  };
}

function inputChannel(family: TopicFamily) {
  const types = EVENT_TYPES.filter((type) => topicFamilyOf(type) === family);
  return {
    address: DEFAULT_TOPICS[family],
    title: `${family} events`,
    description: `${FAMILY_DESCRIPTIONS[family]} Default topic name; deployments may configure another.`,
    messages: Object.fromEntries(types.map((type) => [type, { $ref: `#/components/messages/${type}` }])),
    bindings: { kafka: { topic: DEFAULT_TOPICS[family], bindingVersion: KAFKA_BINDING_VERSION } },
  };
}

function receiveOperation(family: TopicFamily) {
  const types = EVENT_TYPES.filter((type) => topicFamilyOf(type) === family);
  return {
    action: 'receive',
    title: `Check ${family} events against the service standards`,
    description:
      'Every record is parsed against contract v1; refused records go to the dead-letter topic with their reason.',
    channel: { $ref: `#/channels/${family}` },
    messages: types.map((type) => messageReference(family, type)),
  };
}

/** The AsyncAPI 3.0 document: slawatch receives the four input topics and sends breaches and dead letters. */
export function asyncApiDocument(): Record<string, unknown> {
  return {
    asyncapi: '3.0.0',
    info: {
      title: 'slawatch event contract',
      version: `${CONTRACT_VERSION}.0.0`,
      description: [
        'What upstream systems publish to slawatch, and what slawatch publishes back.',
        'Every input record: key = the waybill number; value = one CloudEvents 1.0 JSON object in structured mode.',
        `Compatibility: contract v${CONTRACT_VERSION} changes only by adding optional fields; unknown attributes`,
        'and unknown data fields are accepted and ignored. Anything else is a new major version on new topics.',
        'The full contract for publishers is docs/event-contract.md.',
      ].join(' '),
    },
    defaultContentType: CLOUDEVENTS_JSON,
    channels: {
      ...Object.fromEntries(TOPIC_FAMILIES.map((family) => [family, inputChannel(family)])),
      breaches: {
        address: DEFAULT_TOPICS.breaches,
        title: 'breaches',
        description: 'One record per detected breach of a service standard. Default topic name.',
        messages: { breach: { $ref: '#/components/messages/breach' } },
        bindings: { kafka: { topic: DEFAULT_TOPICS.breaches, bindingVersion: KAFKA_BINDING_VERSION } },
      },
      deadLetter: {
        address: DEFAULT_TOPICS.deadLetter,
        title: 'dead letters',
        description:
          'One record per refused input record, with the reason and the original bytes. Default topic name.',
        messages: { deadLetterRecord: { $ref: '#/components/messages/deadLetterRecord' } },
        bindings: { kafka: { topic: DEFAULT_TOPICS.deadLetter, bindingVersion: KAFKA_BINDING_VERSION } },
      },
    },
    operations: {
      ...Object.fromEntries(
        TOPIC_FAMILIES.map((family) => [
          `receive${family[0]!.toUpperCase()}${family.slice(1)}`,
          receiveOperation(family),
        ]),
      ),
      sendBreaches: {
        action: 'send',
        title: 'Publish breaches',
        channel: { $ref: '#/channels/breaches' },
        messages: [messageReference('breaches', 'breach')],
      },
      sendDeadLetters: {
        action: 'send',
        title: 'Publish refused records',
        channel: { $ref: '#/channels/deadLetter' },
        messages: [messageReference('deadLetter', 'deadLetterRecord')],
      },
    },
    components: {
      messages: {
        ...Object.fromEntries(EVENT_TYPES.map((type) => [type, eventMessage(type)])),
        breach: {
          name: 'breach',
          title: 'Change of a breach of a service standard',
          summary:
            'A service standard was missed for a shipment (open), the breach ended (resolved), or later evidence showed it never happened (retracted).',
          contentType: 'application/json',
          // Written out here too (the same generated schema), so the document alone shows every field.
          payload: payloadSchema(breachChangeDocument()),
          bindings: { kafka: { key: waybillKey, bindingVersion: KAFKA_BINDING_VERSION } },
          examples: [{ name: 'opened', payload: sampleBreachChange() }],
        },
        deadLetterRecord: {
          name: 'deadLetterRecord',
          title: 'Dead-letter record',
          summary: 'A refused input record: why, where it was read, and its original key, value and headers.',
          contentType: 'application/json',
          payload: { $ref: './schemas/dead-letter-record.json' },
        },
      },
    },
  };
}
