import {
  EVENT_TYPES,
  type EventType,
  sampleEvent,
  type TopicFamily,
  topicFamilyOf,
} from '@slawatch/contract';
import type { OutgoingRecord } from '@slawatch/kafka';

/*
 * Hostile input for the monitor, generated from a seed: the same seed gives
 * the same records, so a failure found once is found again. Every record is
 * one family of attack on the parser, the router or the dead-letter writer;
 * none of them may stall a partition, crash the monitor or change the
 * breaches of the valid shipments published next to them.
 */

export const ADVERSARIAL_FAMILIES = [
  'random_bytes',
  'truncated_json',
  'deep_json',
  'prototype_keys',
  'huge_string',
  'invalid_utf8',
  'bad_time',
  'key_mismatch',
  'garbage_headers',
  'not_an_event',
] as const;
export type AdversarialFamily = (typeof ADVERSARIAL_FAMILIES)[number];

export interface AdversarialRecord {
  family: AdversarialFamily;
  topicFamily: TopicFamily;
  record: OutgoingRecord;
}

export interface AdversarialOptions {
  seed: number;
  /** Records in all; the rare families (deep JSON, huge strings) are a fixed handful of them. */
  count: number;
  /** Waybills of the valid traffic, which key ≠ subject records name as their subject. */
  validWaybills: string[];
  /** Event time of the records that are otherwise valid, epoch ms (an hour old: plausible, not late-sensitive). */
  timeMs: number;
  /** Waybill prefix of the hostile shipments, so they never share state with the valid ones. */
  waybillPrefix?: string;
  /** Partitions of the input topics; a few records are put on an explicit (often wrong) one. */
  partitions: number;
  /**
   * Whether header names include members of Object.prototype (`toString`,
   * `__proto__`, …); on by default (they once crashed the consumer adapter).
   */
  prototypeHeaderNames?: boolean;
}

/** mulberry32: a tiny seeded PRNG, enough to spread cases; not for anything secret. */
function seededRandom(seed: number) {
  let state = seed >>> 0;
  const next = () => {
    state = (state + 0x6d2b79f5) >>> 0;
    let t = state;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
  const below = (n: number) => Math.floor(next() * n);
  return {
    below,
    pick: <T>(items: readonly T[]): T => items[below(items.length)]!,
    bytes: (n: number) => Buffer.from(Array.from({ length: n }, () => below(256))),
    chance: (p: number) => next() < p,
  };
}
type Random = ReturnType<typeof seededRandom>;

/** JSON text of a valid event of a type carried by `topicFamily`. */
function validEventText(
  random: Random,
  topicFamily: TopicFamily,
  subject: string,
  id: string,
  timeMs: number,
): string {
  const types = EVENT_TYPES.filter((t) => topicFamilyOf(t) === topicFamily);
  const type: EventType = random.pick(types);
  return JSON.stringify(sampleEvent(type, { subject, id, time: new Date(timeMs).toISOString() }));
}

/** Replaces the first `"name":<value>` of an event's JSON text, keeping the rest byte for byte. */
function withAttribute(text: string, name: string, valueText: string): string {
  const pattern = new RegExp(`"${name}":("[^"]*"|[^,}]*)`);
  return text.replace(pattern, `"${name}":${valueText}`);
}

/** The event with one of its data fields set to a value of the wrong kind or out of range. */
function withHostileData(random: Random, text: string): string {
  const event = JSON.parse(text) as { data: Record<string, unknown> };
  const field = random.pick(Object.keys(event.data));
  event.data[field] = random.pick<unknown>([-1, null, {}, [], 'NaN', 1e21, '', 'x'.repeat(5000)]);
  return JSON.stringify(event);
}

const DEEP = 10_000;
const HUGE_STRING_BYTES = 900 * 1024;
export const MISCHIEF_NAMES = [
  '__proto__',
  'constructor',
  'prototype',
  'toString',
  'hasOwnProperty',
  '__defineGetter__',
];

/** Values of `time` that no parser may trust: not numbers, not dates, out of any range. */
function hostileTime(random: Random, timeMs: number): string {
  return random.pick([
    '"NaN"',
    'NaN',
    '-1',
    '"-1"',
    'null',
    '1e308',
    '"Infinity"',
    '""',
    '"1970-01-01T00:00:00Z"',
    '"0000-01-01T00:00:00Z"',
    '"-000001-01-01T00:00:00Z"',
    '"+275760-09-13T00:00:00.001Z"',
    '"9999-12-31T23:59:59Z"',
    '"2026-02-30T10:00:00Z"',
    '"2026-13-01T00:00:00Z"',
    '"2026-01-01T25:61:00Z"',
    '"2026-01-01T10:00:00"',
    `"${new Date(timeMs + 2 * 3_600_000).toISOString()}"`,
    `"${new Date(timeMs - 200 * 86_400_000).toISOString()}"`,
    String(timeMs),
  ]);
}

/** Byte sequences a strict UTF-8 decoder refuses: stray bytes, overlong forms, surrogates, a cut character. */
const INVALID_UTF8 = [
  [0xff],
  [0xc0, 0x80],
  [0xed, 0xa0, 0x80],
  [0xe4, 0xb8],
  [0xf8, 0x88, 0x80, 0x80, 0x80],
  [0x80],
];

function hostileHeaders(random: Random, prototypeNames: boolean): Record<string, string | Buffer> {
  const headers: Record<string, string | Buffer> = {};
  const count = random.pick([1, 3, 40, 200]);
  for (let i = 0; i < count; i++) {
    const name = random.pick([
      ...(prototypeNames ? MISCHIEF_NAMES : ['prototype']),
      '',
      ' ',
      'content-type',
      'ce_subject',
      `h${i}\u0000nul`,
      `\u{1F4E6}${i}`,
      `x-${random.bytes(6).toString('hex')}`,
    ]);
    const value = random.chance(0.05) ? random.bytes(8 * 1024) : random.bytes(random.below(40));
    // A computed name: `__proto__` must become an own header, not the object's prototype.
    Object.defineProperty(headers, name, { value, enumerable: true, writable: true, configurable: true });
  }
  return headers;
}

/** The handful of deeply nested values: arrays, objects, nested data of an otherwise valid event, cut short. */
function deepValues(eventText: string): string[] {
  const deepObject = `${'{"a":'.repeat(DEEP)}1${'}'.repeat(DEEP)}`;
  return [
    `${'['.repeat(DEEP)}${']'.repeat(DEEP)}`,
    deepObject,
    eventText.replace(/}$/, `,"extension":${deepObject}}`),
    withAttribute(eventText, 'data', deepObject),
    '['.repeat(DEEP),
    `${'{"a":'.repeat(DEEP)}`,
  ];
}

/**
 * `count` hostile records, spread over the four input topics. Only the
 * `prototype_keys`, `garbage_headers` and a few `invalid_utf8` (a leading
 * byte-order mark) ones can be valid events; they name hostile waybills.
 */
export function adversarialRecords(options: AdversarialOptions): AdversarialRecord[] {
  const random = seededRandom(options.seed);
  const prefix = options.waybillPrefix ?? 'SWX';
  const families: TopicFamily[] = ['orders', 'dispatch', 'delivery', 'aftersales'];
  const out: AdversarialRecord[] = [];
  const add = (family: AdversarialFamily, topicFamily: TopicFamily, record: OutgoingRecord) => {
    // One in twenty is put on an explicit partition, as a librdkafka publisher would: the monitor moves it.
    if (random.chance(0.05)) record.partition = random.below(options.partitions);
    out.push({ family, topicFamily, record });
  };
  const eventFor = (topicFamily: TopicFamily, waybill: string, n: number) =>
    validEventText(random, topicFamily, waybill, `${waybill}-adv-${n}`, options.timeMs);

  // The rare, heavy ones first: a few 900 KB strings and a handful of 10,000-deep documents.
  for (let i = 0; i < 3; i++) {
    const waybill = `${prefix}H${i}`;
    const event = JSON.parse(eventFor('orders', waybill, i)) as { data: Record<string, unknown> };
    event.data['note'] = 'x'.repeat(HUGE_STRING_BYTES);
    add('huge_string', 'orders', { key: waybill, value: JSON.stringify(event) });
  }
  for (const value of deepValues(eventFor('dispatch', `${prefix}D`, 0)))
    add('deep_json', 'dispatch', { key: `${prefix}D`, value });

  for (let n = out.length; n < options.count; n++) {
    const topicFamily = random.pick(families);
    const waybill = `${prefix}${String(random.below(2000)).padStart(5, '0')}`;
    const text = eventFor(topicFamily, waybill, n);
    const family = random.pick(ADVERSARIAL_FAMILIES.filter((f) => f !== 'deep_json' && f !== 'huge_string'));
    switch (family) {
      case 'random_bytes': {
        const key = random.pick<Buffer | string | null>([
          waybill,
          waybill,
          null,
          '',
          random.bytes(1 + random.below(16)),
        ]);
        add(family, topicFamily, { key, value: random.bytes(random.below(300)) });
        break;
      }
      case 'truncated_json':
        // A strict prefix of an object's text is never JSON: it lacks the closing brace.
        add(family, topicFamily, { key: waybill, value: text.slice(0, 1 + random.below(text.length - 1)) });
        break;
      case 'prototype_keys': {
        const name = random.pick(MISCHIEF_NAMES);
        const variant = random.below(4);
        if (variant === 0) {
          // A waybill called `__proto__` is a valid subject: it must be a shipment like any other.
          add(family, topicFamily, {
            key: name,
            value: withAttribute(text, 'subject', JSON.stringify(name)),
          });
        } else if (variant === 1) {
          const polluted = `{"${name}":{"segment":"key_account","polluted":true},`;
          add(family, topicFamily, { key: waybill, value: text.replace('{', polluted) });
        } else if (variant === 2) {
          const polluted = `"data":{"${name}":{"prototype":{"polluted":true}},`;
          add(family, topicFamily, { key: waybill, value: text.replace('"data":{', polluted) });
        } else {
          add(family, topicFamily, {
            key: waybill,
            value: withAttribute(text, random.pick(['type', 'id']), JSON.stringify(name)),
          });
        }
        break;
      }
      case 'invalid_utf8': {
        const bytes = Buffer.from(text);
        const at = random.below(bytes.length);
        const bad = Buffer.from(random.pick(INVALID_UTF8));
        const variant = random.below(4);
        if (variant === 0)
          add(family, topicFamily, { key: Buffer.concat([Buffer.from(waybill), bad]), value: text });
        else if (variant === 1)
          add(family, topicFamily, {
            key: waybill,
            value: Buffer.concat([Buffer.from([0xef, 0xbb, 0xbf]), bytes]),
          });
        else
          add(family, topicFamily, {
            key: waybill,
            value: Buffer.concat([bytes.subarray(0, at), bad, bytes.subarray(at)]),
          });
        break;
      }
      case 'bad_time':
        add(family, topicFamily, {
          key: waybill,
          value: withAttribute(text, 'time', hostileTime(random, options.timeMs)),
        });
        break;
      case 'key_mismatch': {
        // The subject is a valid shipment's waybill: its state must not see this event.
        const subject = random.pick(options.validWaybills);
        const key = random.pick([waybill, `${subject} `, subject.toLowerCase(), `\uFEFF${subject}`]);
        add(family, topicFamily, { key, value: withAttribute(text, 'subject', JSON.stringify(subject)) });
        break;
      }
      case 'garbage_headers': {
        const value = random.chance(0.5) ? text : random.bytes(random.below(100));
        add(family, topicFamily, {
          key: waybill,
          value,
          headers: hostileHeaders(random, options.prototypeHeaderNames ?? true),
        });
        break;
      }
      default: {
        const wrongType = random.pick(EVENT_TYPES.filter((t) => topicFamilyOf(t) !== topicFamily));
        const value = random.pick([
          'null',
          '123',
          '"13800138000"',
          '[]',
          'true',
          '{}',
          withAttribute(text, 'type', JSON.stringify(wrongType)),
          withAttribute(text, 'type', '"order.teleported"'),
          withAttribute(text, 'specversion', '"0.3"'),
          withAttribute(text, 'data', '"data"'),
          withHostileData(random, text),
          text, // then repeated: a duplicate by event id
        ]);
        add(family, topicFamily, { key: waybill, value });
        if (value === text) add(family, topicFamily, { key: waybill, value });
      }
    }
  }
  return out;
}
