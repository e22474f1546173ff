import type { BreachChange } from '@slawatch/contract';
import { z } from 'zod';
import type { Role } from './api-tokens.js';
import { type BreachMatcher, BreachMatcherSchema, isEmptyMatcher, matches } from './matcher.js';
import type { BreadthRule } from './silence-policy.js';

/** What an operator posts to create a silence; the author comes from the token, never the body. */
export const SilenceRequestSchema = z.strictObject({
  matchers: BreachMatcherSchema.refine((m) => !isEmptyMatcher(m), {
    message: 'expected at least one matcher: a silence of everything is not allowed',
  }),
  endsAt: z.iso.datetime({ offset: true }),
  startsAt: z.iso.datetime({ offset: true }).optional(),
  comment: z.string().trim().min(1, 'expected a comment saying why').max(1000),
  /** Why a broad silence must be this broad (silence-policy.ts); the timeline shows it beside what it suppressed. */
  reason: z.string().trim().min(1, 'expected a reason, or leave the field out').max(1000).optional(),
});
export type SilenceRequest = z.output<typeof SilenceRequestSchema>;

export interface Silence {
  id: string;
  matchers: BreachMatcher;
  startsAt: string;
  endsAt: string;
  author: string;
  comment: string;
  createdAt: string;
  // authorRole and breadth are absent on silences stored before the guard rails.
  /** The author's role when they created it. */
  authorRole?: Role;
  /** How it is broad (silence-policy.ts); empty for a narrow silence. */
  breadth?: BreadthRule[];
  /** Why it must be this broad: required for a broad silence, optional for a narrow one. */
  reason?: string;
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

export function isBroad(silence: Silence): boolean {
  return (silence.breadth?.length ?? 0) > 0;
}

/**
 * How a silence shows on the timeline of a breach it suppressed: who set it,
 * why if they said, and for a broad one how broad.
 */
export function silenceNote(silence: Silence): Record<string, unknown> {
  return {
    id: silence.id,
    author: silence.author,
    ...(silence.reason ? { reason: silence.reason } : {}),
    ...(isBroad(silence) ? { broad: true, breadth: silence.breadth } : {}),
  };
}
