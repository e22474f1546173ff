import type { Redis } from '@slawatch/redis';
import type { EscalationKeys } from '../keys.js';
import type { Silence } from '../silence.js';

/** What a silence kept from being sent: a step's targets or a breach left out of a digest. */
export type Suppressed = Record<string, unknown>;

/** The silences, kept after they end so their history stays listed, and what each one suppressed. */
export class Silences {
  private cache: { atMs: number; silences: Silence[] } | undefined;

  constructor(
    private readonly redis: Redis,
    private readonly keys: EscalationKeys,
  ) {}

  async put(silence: Silence): Promise<void> {
    await this.redis.hset(this.keys.silences(), silence.id, JSON.stringify(silence));
    this.cache = undefined;
  }

  async get(id: string): Promise<Silence | undefined> {
    const found = await this.redis.hget(this.keys.silences(), id);
    return found ? (JSON.parse(found) as Silence) : undefined;
  }

  /** Oldest first. */
  async list(): Promise<Silence[]> {
    const all = await this.redis.hvals(this.keys.silences());
    return all.map((s) => JSON.parse(s) as Silence).sort((a, b) => a.createdAt.localeCompare(b.createdAt));
  }

  /**
   * The silences as of at most `maxAgeMs` ago: every step checks them, and a
   * silence reaching other processes a second late costs at most one page.
   */
  async recent(nowMs: number, maxAgeMs = 1000): Promise<Silence[]> {
    if (!this.cache || nowMs - this.cache.atMs > maxAgeMs) {
      this.cache = { atMs: nowMs, silences: await this.list() };
    }
    return this.cache.silences;
  }

  /** Notes under each of `silences` what they suppressed, for the silence's API view. */
  async recordSuppressed(silences: ReadonlyArray<Silence>, what: Suppressed): Promise<void> {
    await Promise.all(
      silences.map((silence) =>
        this.redis.rpush(this.keys.silenceSuppressed(silence.id), JSON.stringify(what)),
      ),
    );
  }

  async suppressed(silenceId: string): Promise<Suppressed[]> {
    const lines = await this.redis.lrange(this.keys.silenceSuppressed(silenceId), 0, -1);
    return lines.map((l) => JSON.parse(l) as Suppressed);
  }
}
