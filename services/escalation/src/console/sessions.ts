import { createHash, randomBytes, timingSafeEqual } from 'node:crypto';
import type { Caller, Role } from '@slawatch/escalation';
import type { Redis } from '@slawatch/redis';

/** A signed-in console user: who, with which role, and the token their page sends with every action. */
export interface ConsoleSession {
  owner: string;
  role: Role;
  /** Sent back in the `x-slawatch-csrf` header on every action; a cross-site page cannot read it. */
  csrf: string;
}

const newSecret = () => randomBytes(32).toString('base64url');

/**
 * Console sessions in Redis, one hash per session with an expiry. The key is
 * the SHA-256 of the cookie's value, so reading Redis does not give anyone a
 * working cookie; the API token itself is never stored.
 */
export class ConsoleSessions {
  constructor(
    private readonly redis: Redis,
    private readonly options: { keyBase: string; ttlSeconds: number },
  ) {}

  private key(id: string): string {
    return `${this.options.keyBase}console-session:${createHash('sha256').update(id).digest('hex')}`;
  }

  get ttlSeconds(): number {
    return this.options.ttlSeconds;
  }

  /** Starts a session for the caller; the id goes into the cookie, never into a page. */
  async start(caller: Caller): Promise<{ id: string; session: ConsoleSession }> {
    const id = newSecret();
    const session: ConsoleSession = { owner: caller.owner, role: caller.role, csrf: newSecret() };
    await this.redis.multi().hset(this.key(id), session).expire(this.key(id), this.options.ttlSeconds).exec();
    return { id, session };
  }

  async find(id: string): Promise<ConsoleSession | undefined> {
    const hash = await this.redis.hgetall(this.key(id));
    if (!hash['owner'] || !hash['role'] || !hash['csrf']) return undefined;
    return { owner: hash['owner'], role: hash['role'] as Role, csrf: hash['csrf'] };
  }

  async end(id: string): Promise<void> {
    await this.redis.del(this.key(id));
  }
}

/** Compares the header to the session's token in constant time. */
export function csrfMatches(session: ConsoleSession, presented: string | undefined): boolean {
  if (!presented) return false;
  const a = Buffer.from(session.csrf);
  const b = Buffer.from(presented);
  return a.length === b.length && timingSafeEqual(a, b);
}
