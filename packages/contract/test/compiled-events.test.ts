import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { z } from 'zod';
import { isExactEvent } from '../src/compiled-events.js';
import { EVENT_SCHEMAS, EVENT_TYPES, type EventType, isEventType, sampleEvent } from '../src/index.js';
import { MALFORMED_CASES } from './malformed-cases.js';

/** The promise the hot path rests on: what the compiled check passes, zod passes too, unchanged. */
function expectZodAgrees(value: Record<string, unknown>): void {
  if (!isExactEvent(value)) return;
  const type = value['type'] as EventType;
  const parsed = EVENT_SCHEMAS[type].safeParse(value);
  expect(parsed.success, JSON.stringify(value)).toBe(true);
  expect(parsed.data).toEqual(value);
}

function withChange(type: EventType, path: string[], change: unknown | typeof DELETE) {
  const event = structuredClone(sampleEvent(type)) as Record<string, unknown>;
  let at: Record<string, unknown> = event;
  for (const step of path.slice(0, -1)) {
    const next = at[step];
    if (typeof next !== 'object' || next === null) return event;
    at = next as Record<string, unknown>;
  }
  const last = path[path.length - 1]!;
  if (change === DELETE) delete at[last];
  else at[last] = change;
  return event;
}
const DELETE = Symbol('delete');

/** Every path of a sample event, objects included, plus one unknown field in each object (JSON arrays have none). */
function pathsOf(value: unknown, prefix: string[] = []): string[][] {
  if (typeof value !== 'object' || value === null) return [];
  const own = Object.keys(value).flatMap((key) => [
    [...prefix, key],
    ...pathsOf((value as never)[key], [...prefix, key]),
  ]);
  return Array.isArray(value) ? own : [...own, [...prefix, 'unknownField']];
}

describe('the compiled check of whole events (hot path)', () => {
  it('passes every sample event, as zod returns it', () => {
    for (const type of EVENT_TYPES) {
      const event = sampleEvent(type) as unknown as Record<string, unknown>;
      expect(isExactEvent(event), type).toBe(true);
      expectZodAgrees(event);
    }
  });

  it('leaves to zod what only zod can judge or would change', () => {
    const event = sampleEvent('order.created') as unknown as Record<string, unknown>;
    // No 30 February, though the pattern alone allows it.
    expect(isExactEvent({ ...event, time: '2026-02-30T08:00:00+08:00' })).toBe(false);
    // zod counts UTF-16 units: 100 astral characters are 200 of them, over the limit of 128.
    expect(isExactEvent({ ...event, id: '😀'.repeat(100) })).toBe(false);
    // An unknown attribute zod would drop, and a URI zod checks its own way.
    expect(isExactEvent({ ...event, traceparent: '00-abc' })).toBe(false);
    expect(isExactEvent({ ...event, dataschema: 'https://example.com/schema' })).toBe(false);
    expect(isExactEvent({ ...event, data: { ...(event['data'] as object), pieces: 2 ** 53 } })).toBe(false);
    expect(isExactEvent({ ...event, type: 'order.unknown' })).toBe(false);
  });

  it('has no dynamic anchor in any event schema, so one call context serves every call', () => {
    for (const type of EVENT_TYPES) {
      const schema = z.toJSONSchema(EVENT_SCHEMAS[type], { target: 'draft-2020-12', io: 'output' });
      expect(JSON.stringify(schema), type).not.toContain('$dynamicAnchor');
    }
  });

  it('passes none of the malformed records', () => {
    for (const malformed of MALFORMED_CASES) if (malformed.value) expectZodAgrees(malformed.value);
  });

  it('agrees with zod on events with any one field changed or removed', () => {
    const cases = EVENT_TYPES.flatMap((type) => pathsOf(sampleEvent(type)).map((path) => ({ type, path })));
    fc.assert(
      fc.property(
        fc.constantFrom(...cases),
        fc.oneof(fc.constant(DELETE), fc.jsonValue({ maxDepth: 2 }), fc.string(), fc.integer(), fc.double()),
        ({ type, path }, change) => {
          const event = withChange(type, path, change);
          expect(isEventType(String(event['type'])) || !isExactEvent(event)).toBe(true);
          expectZodAgrees(event);
        },
      ),
      { numRuns: 3000 },
    );
  });
});
