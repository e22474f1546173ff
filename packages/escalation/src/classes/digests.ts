import type { Redis } from '@slawatch/redis';
import type { EscalationKeys } from '../keys.js';
import type { EscalationCommands } from './escalation-commands.js';

// Kept well past the flush so a retried flush still finds its items.
export const DIGEST_TTL_MS = 7 * 86_400_000;

/** What filing a breach into an interval did (file-digest-2.lua). */
export type Filing = 'filed' | 'present' | 'flushed';

/** The breaches a digest policy collected per interval, until the interval's flush sends them. */
export class Digests {
  constructor(
    private readonly redis: Redis & EscalationCommands,
    private readonly keys: EscalationKeys,
  ) {}

  /** Files the breach once, unless the interval's flush has begun. */
  async file(policy: string, intervalStartMs: number, breachId: string): Promise<Filing> {
    return this.redis.escalationFileDigest(
      this.keys.digest(policy, intervalStartMs),
      this.keys.digestFlushed(policy, intervalStartMs),
      breachId,
      String(DIGEST_TTL_MS),
    );
  }

  /** The flush begins: a breach filed from now on is refused, not left unread in the list. */
  async markFlushed(policy: string, intervalStartMs: number): Promise<void> {
    await this.redis.set(this.keys.digestFlushed(policy, intervalStartMs), '1', 'PX', DIGEST_TTL_MS);
  }

  async items(policy: string, intervalStartMs: number): Promise<string[]> {
    return this.redis.lrange(this.keys.digest(policy, intervalStartMs), 0, -1);
  }
}
