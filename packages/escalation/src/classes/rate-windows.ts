import { randomUUID } from 'node:crypto';
import type { Redis } from '@slawatch/redis';
import type { EscalationKeys } from '../keys.js';
import type { RateLimit } from '../policy-file.js';
import type { EscalationCommands } from './escalation-commands.js';

/** How long a page merged into an overflow is remembered: a rerun later than that pushes nothing. */
export const MERGES_REMEMBERED_MS = 7 * 86_400_000;

/** One item waiting in a target's overflow: a page merged into a digest because of the rate limit. */
export interface OverflowItem {
  breachId: string;
  at: number;
  pass: number;
  step: number;
}

/**
 * Per target: the send times of its sliding rate window, and the overflow
 * queue of pages that found the window full and wait to go out as a digest.
 */
export class RateWindows {
  constructor(
    private readonly redis: Redis & EscalationCommands,
    private readonly keys: EscalationKeys,
  ) {}

  /** The Redis side of `slotDecision` in rate-limit.ts: takes a slot, or says when one frees. */
  async takeSlot(
    target: string,
    limit: RateLimit,
    nowMs: number,
  ): Promise<{ allowed: true } | { allowed: false; retryAtMs: number }> {
    const [allowed, retryAtMs] = await this.redis.escalationTakeSlot(
      this.keys.rateWindow(target),
      String(nowMs),
      String(limit.perMs),
      String(limit.messages),
      `${nowMs}.${randomUUID()}`,
    );
    return allowed === 1 ? { allowed: true } : { allowed: false, retryAtMs: Number(retryAtMs) };
  }

  /**
   * Puts a page into the target's overflow unless it was merged there before
   * (in the last MERGES_REMEMBERED_MS): a rerun then pushes only a merge that
   * a failover lost, never one waiting or already handed on to a digest.
   */
  async mergeIntoOverflow(
    target: string,
    item: OverflowItem,
    nowMs: number,
  ): Promise<{ pushed: boolean; length: number }> {
    const [pushed, length] = await this.redis.escalationMergeOverflow(
      this.keys.overflow(target),
      this.keys.overflowMerged(target),
      `${item.pass}.${item.step}.${item.breachId}`,
      JSON.stringify(item),
      String(item.at),
      String(nowMs),
      String(MERGES_REMEMBERED_MS),
    );
    return { pushed: pushed === 1, length };
  }

  /** The first `count` raw items, to be trimmed with trimOverflowIfHead after they are safely handed on. */
  async headOfOverflow(target: string, count: number): Promise<string[]> {
    return this.redis.lrange(this.keys.overflow(target), 0, count - 1);
  }

  async trimOverflowIfHead(target: string, items: string[]): Promise<boolean> {
    if (items.length === 0) return true;
    const result = await this.redis.escalationTrimIfHead(
      this.keys.overflow(target),
      String(items.length),
      items[0]!,
      items[items.length - 1]!,
    );
    return result === 1;
  }
}
