const UNIT_MS = { ms: 1, s: 1000, m: 60_000, h: 3_600_000, d: 86_400_000 } as const;

/** One or more `<integer><unit>` parts, e.g. `2h`, `45s`, `3d`, `1h30m`; units ms, s, m, h, d. */
export const DURATION_PATTERN = /^(\d+(ms|s|m|h|d))+$/;

/** Milliseconds in a duration such as `1h30m`; throws on text that does not match {@link DURATION_PATTERN}. */
const parsed = new Map<string, number>();

export function parseDuration(text: string): number {
  const known = parsed.get(text);
  if (known !== undefined) return known;
  if (!DURATION_PATTERN.test(text)) throw new Error(`not a duration: ${JSON.stringify(text)}`);
  let total = 0;
  for (const part of text.matchAll(/(\d+)(ms|s|m|h|d)/g)) {
    total += Number(part[1]) * UNIT_MS[part[2] as keyof typeof UNIT_MS];
  }
  // A file names only a handful of durations, and rules read them on every event.
  if (parsed.size < 10_000) parsed.set(text, total);
  return total;
}
