import { z } from 'zod';

const UNIT_MS = { ms: 1, s: 1000, m: 60_000, h: 3_600_000, d: 86_400_000 } as const;

/**
 * A span of time as written in the escalation file: `90s`, `15m`, `1h`, `500ms`.
 * Seconds exist so a demo or a test can escalate visibly without waiting minutes.
 */
export function parseDuration(text: string): number | undefined {
  const match = /^(\d+)(ms|s|m|h|d)$/.exec(text.trim());
  if (!match) return undefined;
  return Number(match[1]) * UNIT_MS[match[2] as keyof typeof UNIT_MS];
}

/** `15m` → 900000 (milliseconds); rejects anything else with the accepted forms in the message. */
export const DurationSchema = z
  .string({ error: 'expected a duration such as 10s, 15m or 1h' })
  .transform((text, context) => {
    const ms = parseDuration(text);
    if (ms === undefined) {
      context.addIssue({ code: 'custom', message: 'expected a duration such as 10s, 15m or 1h' });
      return z.NEVER;
    }
    return ms;
  });
