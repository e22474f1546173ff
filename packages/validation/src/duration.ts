import { z } from 'zod';

/*
 * The one duration grammar of slawatch's files (standards and escalation):
 * one or more `<integer><unit>` parts, units ms, s, m, h, d, e.g. `2h`, `45s`,
 * `3d`, `1h30m`. Seconds exist so a demo or a test can breach and escalate
 * visibly without waiting minutes.
 */
export const DURATION_PATTERN = /^(\d+(ms|s|m|h|d))+$/;
export const DURATION_EXPECTATION = 'expected a duration such as "2h", "30m", "45s", "3d" or "1h30m"';

const UNIT_MS = { ms: 1, s: 1000, m: 60_000, h: 3_600_000, d: 86_400_000 } as const;
// A file names only a handful of durations, and rules read them on every event.
const parsed = new Map<string, number>();
const PARSED_MAX = 10_000;

/** Milliseconds in a duration such as `1h30m`; throws on text outside the grammar. */
export function parseDuration(text: string): number {
  const known = parsed.get(text);
  if (known !== undefined) return known;
  if (!DURATION_PATTERN.test(text)) throw new Error(`not a duration: ${JSON.stringify(text)}`);
  let total = 0;
  for (const part of text.matchAll(/(\d+)(ms|s|m|h|d)/g)) {
    total += Number(part[1]) * UNIT_MS[part[2] as keyof typeof UNIT_MS];
  }
  if (parsed.size < PARSED_MAX) parsed.set(text, total);
  return total;
}

/** A duration kept as written (the standards file stores the text and parses it when judging). */
export function durationText() {
  return z.string({ error: DURATION_EXPECTATION }).regex(DURATION_PATTERN, { error: DURATION_EXPECTATION });
}

/** A duration read as milliseconds (`15m` → 900000). */
export function durationMilliseconds() {
  return durationText().transform(parseDuration);
}
