import type { Redis } from '@slawatch/redis';
import type { EscalationKeys } from '../keys.js';

// Kept well past the flush so a retried flush still finds its items.
const DIGEST_TTL_MS = 7 * 86_400_000;

/** The breaches a digest policy collected per interval, until the interval's flush sends them. */
export class Digests {
  constructor(
    private readonly redis: Redis,
    private readonly keys: EscalationKeys,
  ) {}

  async push(policy: string, intervalStartMs: number, breachId: string): Promise<void> {
    const key = this.keys.digest(policy, intervalStartMs);
    await this.redis.multi().rpush(key, breachId).pexpire(key, DIGEST_TTL_MS).exec();
  }

  async items(policy: string, intervalStartMs: number): Promise<string[]> {
    return this.redis.lrange(this.keys.digest(policy, intervalStartMs), 0, -1);
  }
}
