import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import {
  DATA_SCHEMAS,
  deadLetterRecordSchema,
  EVENT_TYPES,
  REJECTION_REASONS,
  validateEvent,
} from '../src/index.js';

// docs/event-contract.md is written by hand; these checks keep its examples and tables true to the code.
const text = readFileSync(new URL('../../../docs/event-contract.md', import.meta.url), 'utf8');

/** The first ```json block after a heading, by heading text. */
function exampleAfter(heading: string): unknown {
  const start = text.indexOf(`\n${heading}\n`);
  if (start < 0) throw new Error(`no section ${heading}`);
  const block = /```json\n([\s\S]*?)\n```/.exec(text.slice(start));
  if (!block) throw new Error(`no example after ${heading}`);
  return JSON.parse(block[1]!);
}

describe('docs/event-contract.md', () => {
  it.each(EVENT_TYPES)('documents %s with an example of data that the contract accepts', (type) => {
    const example = exampleAfter(`### \`${type}\``);
    const result = DATA_SCHEMAS[type].safeParse(example);
    expect(result.success, JSON.stringify(result.error?.issues)).toBe(true);
  });

  it('shows a complete event that the contract accepts', () => {
    expect(validateEvent(exampleAfter('## Envelope (CloudEvents attributes)'))).toMatchObject({ ok: true });
  });

  it('shows a dead-letter record in the published format', () => {
    const start = text.indexOf('An example (with `valueBase64` shortened)');
    const block = /```json\n([\s\S]*?)\n```/.exec(text.slice(start));
    expect(deadLetterRecordSchema.safeParse(JSON.parse(block![1]!)).success).toBe(true);
  });

  it('lists every rejection reason in the reasons table', () => {
    for (const reason of REJECTION_REASONS) expect(text).toContain(`| \`${reason}\` |`);
  });
});
