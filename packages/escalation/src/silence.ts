import type { BreachChange } from '@slawatch/contract';
import { z } from 'zod';
import { type BreachMatcher, BreachMatcherSchema, isEmptyMatcher, matches } from './matcher.js';

/** What an operator posts to create a silence; the author comes from the token, never the body. */
export const SilenceRequestSchema = z.strictObject({
  matchers: BreachMatcherSchema.refine((m) => !isEmptyMatcher(m), {
    message: 'expected at least one matcher: a silence of everything is not allowed',
  }),
  endsAt: z.iso.datetime({ offset: true }),
  startsAt: z.iso.datetime({ offset: true }).optional(),
  comment: z.string().trim().min(1, 'expected a comment saying why').max(1000),
});

export interface Silence {
  id: string;
  matchers: BreachMatcher;
  startsAt: string;
  endsAt: string;
  author: string;
  comment: string;
  createdAt: string;
  /** Set when someone expired it early. */
  expiredBy?: string;
}

export function isSilenceActive(silence: Silence, nowMs: number): boolean {
  return Date.parse(silence.startsAt) <= nowMs && nowMs < Date.parse(silence.endsAt);
}

/** The active silences that cover the breach at `nowMs`. */
export function silencesCovering(
  silences: ReadonlyArray<Silence>,
  breach: BreachChange,
  nowMs: number,
): Silence[] {
  return silences.filter((s) => isSilenceActive(s, nowMs) && matches(s.matchers, breach));
}
