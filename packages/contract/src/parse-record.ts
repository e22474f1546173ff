import { TextDecoder } from 'node:util';
import type { Plausibility } from './plausibility.js';
import { type ContractResult, reject } from './rejection.js';
import type { TopicFamily } from './topics.js';
import { validateArrived } from './validate-event.js';

export interface ContractRecord {
  key: Buffer | null;
  value: Buffer | null;
  /** The family of the topic the record was read from. */
  topicFamily: TopicFamily;
}

export interface ParseOptions {
  /** Largest accepted value in bytes; larger ones are refused before decoding. */
  maxBytes: number;
  /** How far ahead of `now` an event's time may be, for clock skew between publishers and us. */
  maxFutureSkewMs: number;
  /** Current time in epoch milliseconds. */
  now: number;
  /** How old an event and how far ahead a promise may be; the contract's defaults otherwise. */
  plausibility?: Partial<Plausibility>;
}

// Created once: the parser runs once per Kafka record. `fatal` turns invalid UTF-8 into an error instead of U+FFFD.
const valueDecoder = new TextDecoder('utf-8', { fatal: true });
// The key keeps a byte-order mark, so a key with one cannot silently equal a subject without one.
const keyDecoder = new TextDecoder('utf-8', { fatal: true, ignoreBOM: true });

function decode(decoder: TextDecoder, bytes: Buffer): string | undefined {
  try {
    return decoder.decode(bytes);
  } catch {
    return undefined;
  }
}

/**
 * The JSON parser's complaint without the text it quotes: V8 writes
 * `Unexpected token 'h', "hello 138…" is not valid JSON`, and that excerpt
 * may be a phone number or an address. Where and what kind of error it is
 * is enough to find the fault in the original bytes, kept in the dead letter.
 */
function syntaxErrorOf(error: unknown): string {
  const message = error instanceof Error ? error.message : String(error);
  const quoteAt = message.indexOf('"');
  const described = (quoteAt < 0 ? message : message.slice(0, quoteAt)).replace(/[\s,]+$/, '');
  return described === '' ? 'a syntax error' : described;
}

/** Parses one Kafka record (key = waybill number, value = structured-mode CloudEvent JSON) against contract v1. */
export function parseRecord(record: ContractRecord, options: ParseOptions): ContractResult {
  const { key, value } = record;
  if (key === null || key.length === 0) {
    return reject('missing_key', '(key): expected the waybill number as the record key, got nothing');
  }
  if (value === null || value.length === 0) {
    return reject(
      'empty_value',
      `(value): expected a CloudEvent JSON object, got ${value === null ? 'a null value (tombstone)' : 'zero bytes'}`,
    );
  }
  if (value.length > options.maxBytes) {
    return reject(
      'too_large',
      `(value): expected at most ${options.maxBytes} bytes, got ${value.length} bytes`,
    );
  }
  const keyText = decode(keyDecoder, key);
  if (keyText === undefined) {
    return reject('not_utf8', '(key): expected UTF-8 text, got an invalid UTF-8 byte sequence');
  }
  const text = decode(valueDecoder, value);
  if (text === undefined) {
    return reject('not_utf8', '(value): expected UTF-8 text, got an invalid UTF-8 byte sequence');
  }
  let parsed: unknown;
  try {
    parsed = JSON.parse(text);
  } catch (error) {
    return reject('invalid_json', `(value): expected JSON, got text that is not (${syntaxErrorOf(error)})`);
  }
  // The options carry the clock's checks as they are: no checks object per record.
  return validateArrived(parsed, keyText, record.topicFamily, options);
}
