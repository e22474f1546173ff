import { describe, expect, it } from 'vitest';
import {
  PERSONAL_DATA_PATHS,
  parseRecord,
  type RejectionReason,
  sampleEvent,
  VALUE_NOT_SHOWN,
  validateEvent,
} from '../src/index.js';
import { OPTIONS, recordOf } from './records.js';

const PHONE = '13800138000';
/** Wrong in every way a field can be wrong, and each holding the phone number. */
const BAD_VALUES: unknown[] = [
  Number(PHONE),
  `${PHONE} ${'x'.repeat(1200)}`,
  [PHONE],
  { phone: PHONE },
  true,
];

/** A copy of `event` with the value at a dotted path replaced. */
function withValueAt(event: object, path: string, value: unknown): Record<string, unknown> {
  const copy = structuredClone(event) as Record<string, unknown>;
  const parts = path.split('.');
  let current = copy;
  for (const part of parts.slice(0, -1)) {
    current[part] ??= {};
    current = current[part] as Record<string, unknown>;
  }
  current[parts.at(-1)!] = value;
  return copy;
}

/** An order carrying every personal field, validly: only the field under test is wrong. */
function fullOrder() {
  const event = sampleEvent('order.created');
  const data = event.data as unknown as Record<string, Record<string, unknown>>;
  data['recipient'] = { name: 'Li Si', phone: '13900139000' };
  data['origin'] = { ...data['origin'], address: '1 Wenyi Road' };
  data['destination'] = { ...data['destination'], address: '2 Century Avenue' };
  return event;
}

function rejection(event: Record<string, unknown>): { reason: RejectionReason; message: string } {
  const result = validateEvent(event, String(event['subject']));
  if (result.ok) throw new Error('expected a rejection');
  return result;
}

/** Free-text fields of each event type: they may quote a name, a phone or an address. */
const FREE_TEXT: Array<[Parameters<typeof sampleEvent>[0], string]> = [
  ['order.cancelled', 'data.reason'],
  ['order.corrected', 'data.before'],
  ['order.corrected', 'data.after'],
  ['delivery.attempt_failed', 'data.detail'],
  ['delivery.exception', 'data.detail'],
  ['delivery.returned', 'data.reason'],
  ['aftersales.complaint_opened', 'data.detail'],
  ['aftersales.complaint_resolved', 'data.resolution'],
];

describe('rejection messages never show personal data', () => {
  it.each(PERSONAL_DATA_PATHS)('%s: they name the path and what was expected, not the value', (path) => {
    for (const bad of BAD_VALUES) {
      const { reason, message } = rejection(withValueAt(fullOrder(), path, bad));
      expect(reason).toBe('invalid_data');
      expect(message).not.toContain(PHONE);
      expect(message).not.toContain('xxx');
      expect(message).toMatch(new RegExp(`^${path.replaceAll('.', '\\.')}: expected `));
    }
  });

  it.each(PERSONAL_DATA_PATHS)('%s: the message says what kind of value it was, and why not more', (path) => {
    const { message } = rejection(withValueAt(fullOrder(), path, Number(PHONE)));
    expect(message).toBe(
      `${path}: expected a ${
        path.endsWith('address') ? 'string of at most 1000' : 'non-empty string of at most 128'
      } characters, got a number (${VALUE_NOT_SHOWN})`,
    );
  });

  it.each(FREE_TEXT)('%s %s (free text)', (type, path) => {
    for (const bad of BAD_VALUES) {
      const { message } = rejection(withValueAt(sampleEvent(type), path, bad));
      expect(message).not.toContain(PHONE);
      expect(message).toContain(path);
    }
  });

  it('nor do the objects that hold them, when something else stands in their place', () => {
    for (const path of ['data.recipient', 'data.origin', 'data.destination', 'data']) {
      const { message } = rejection(withValueAt(sampleEvent('order.created'), path, `Zhang San ${PHONE}`));
      expect(message).toBe(`${path}: expected an object, got a string of 21 characters`);
    }
  });

  it('nor does an invalid-JSON message quote the text', () => {
    const texts = [`Zhang San ${PHONE}`, `{"recipient":{"phone":${PHONE}} ${PHONE}`, `{"phone": "${PHONE}`];
    for (const text of texts) {
      const record = { ...recordOf(sampleEvent('order.created')), value: Buffer.from(text) };
      const result = parseRecord(record, OPTIONS);
      expect(result).toMatchObject({ ok: false, reason: 'invalid_json' });
      if (!result.ok) {
        expect(result.message).toMatch(/^\(value\): expected JSON, got text that is not \(.+\)$/);
        expect(result.message).not.toContain(PHONE);
      }
    }
  });

  it('while values that are not personal are still shown, to help the publisher', () => {
    const { message } = rejection(withValueAt(sampleEvent('order.created'), 'data.pieces', 'three'));
    expect(message).toBe('data.pieces: expected a positive integer, got "three"');
  });

  it('describes a whole value that is not an object by its kind, never quoting it', () => {
    const result = validateEvent(`call ${PHONE}`, 'SW1');
    expect(result).toMatchObject({ ok: false, reason: 'not_an_object' });
    if (!result.ok) {
      expect(result.message).not.toContain(PHONE);
      expect(result.message).toBe('(root): expected a JSON object, got a string of 16 characters');
    }
  });
});
