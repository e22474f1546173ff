import type { RateLimit } from './policy-file.js';

/**
 * A sliding window: a message may go out when fewer than `messages` went out
 * in the `perMs` before now. Otherwise the answer says when the oldest one
 * leaves the window, i.e. the earliest moment another may go. The Redis
 * command `commands/take-slot-1.lua` does the same on a sorted set of send times.
 */
export function slotDecision(
  sentAtMs: ReadonlyArray<number>,
  nowMs: number,
  limit: RateLimit,
): { allowed: true } | { allowed: false; retryAtMs: number } {
  const inWindow = sentAtMs.filter((t) => t > nowMs - limit.perMs).sort((a, b) => a - b);
  if (inWindow.length < limit.messages) return { allowed: true };
  const oldest = inWindow[inWindow.length - limit.messages]!;
  return { allowed: false, retryAtMs: oldest + limit.perMs };
}

/**
 * Over the limit nothing is dropped: breach pages merge into a digest for the
 * target; resolved notices and digests wait for a free slot (a resolved
 * notice inside a breach digest would read as a new breach).
 */
export function overLimitAction(kind: 'breach' | 'resolved' | 'digest'): 'merge' | 'defer' {
  return kind === 'breach' ? 'merge' : 'defer';
}
