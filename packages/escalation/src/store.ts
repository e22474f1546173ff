import { randomUUID } from 'node:crypto';
import type { Redis } from '@slawatch/redis';
import type { BreachChange, Severity } from './breach-change.js';
import { SEVERITIES } from './breach-change.js';
import { EscalationKeys } from './keys.js';
import { type BreachState, isFinal } from './lifecycle.js';
import type { RateLimit } from './policy-file.js';
import type { Silence } from './silence.js';
import { RECORD_CHANGE, SET_STATE, TAKE_SLOT, TRIM_IF_HEAD } from './store-scripts.js';
import type { TimelineEntry } from './timeline.js';

export interface BreachRecord {
  breach: BreachChange;
  /** Effects already done (`step:1.2`, `page:1.2.tier-1`, …): jobs check them to act once. */
  markers: ReadonlySet<string>;
  state: BreachState;
  policy: string;
  openedAt: string;
  acknowledgedAt?: string;
  acknowledgedBy?: string;
  resolvedAt?: string;
  resolvedBy?: string;
}

export type ChangeOutcome =
  /** First time this (breachId, status) was seen. */
  | 'new'
  /** Seen before: at-least-once delivery from Kafka replayed it. */
  | 'duplicate'
  /** An open change for a breach that already ended (it arrived after its resolution). */
  | 'late'
  /** A resolution of a breach this service never saw open. */
  | 'untracked';

export interface BreachQuery {
  status?: BreachState;
  severity?: string;
  segment?: string;
  standard?: string;
  fromMs?: number;
  toMs?: number;
  limit: number;
  cursor?: string;
}

/** One item waiting in a target's overflow: a page merged into a digest because of the rate limit. */
export interface OverflowItem {
  breachId: string;
  at: number;
  pass: number;
  step: number;
}

const SCAN_CHUNK = 200;
const pad = (ms: number) => String(Math.max(0, Math.floor(ms))).padStart(15, '0');

/** Escalation state in Redis: breach records, timelines, silences, rate windows and digest buckets. */
export class EscalationStore {
  readonly keys: EscalationKeys;

  constructor(
    private readonly redis: Redis,
    redisKeyPrefix: string,
  ) {
    this.keys = new EscalationKeys(redisKeyPrefix);
  }

  async recordChange(
    change: BreachChange,
    policy: string,
    nowMs: number,
    first: TimelineEntry,
  ): Promise<{ outcome: ChangeOutcome; state: BreachState }> {
    const [code, state] = (await this.redis.eval(
      RECORD_CHANGE,
      2,
      this.keys.breach(change.breachId),
      this.keys.timeline(change.breachId),
      change.status,
      JSON.stringify(change),
      policy,
      String(nowMs),
      JSON.stringify(first),
    )) as [number, string];
    const outcome: ChangeOutcome =
      code === 0 ? 'duplicate' : code === 2 ? 'late' : code === 3 ? 'untracked' : 'new';
    const current = (state === '' ? change.status : state) as BreachState;
    // Outside the script: the index and the gauge sets live in other cluster
    // slots. Both writes are idempotent, so a replay repairs a crash between.
    await this.reindex(change, current);
    return { outcome, state: current };
  }

  async reindex(change: BreachChange, state: BreachState): Promise<void> {
    const member = `${pad(Date.parse(change.detectedAt))}|${change.breachId}`;
    const active = this.keys.active(change.severity);
    await this.redis
      .multi()
      .zadd(this.keys.index(), 0, member)
      [isFinal(state) ? 'srem' : 'sadd'](active, change.breachId)
      .exec();
  }

  async get(breachId: string): Promise<BreachRecord | undefined> {
    return parseRecord(await this.redis.hgetall(this.keys.breach(breachId)));
  }

  async timeline(breachId: string): Promise<TimelineEntry[]> {
    const lines = await this.redis.lrange(this.keys.timeline(breachId), 0, -1);
    return lines.map((line) => JSON.parse(line) as TimelineEntry);
  }

  async append(breachId: string, line: TimelineEntry): Promise<void> {
    await this.redis.rpush(this.keys.timeline(breachId), JSON.stringify(line));
  }

  /** Moves a breach from `expected` to `next` only if nobody changed it meanwhile. */
  async setState(
    breachId: string,
    expected: BreachState,
    next: BreachState,
    line: TimelineEntry,
    fields: Record<string, string> = {},
  ): Promise<boolean> {
    const result = await this.redis.eval(
      SET_STATE,
      2,
      this.keys.breach(breachId),
      this.keys.timeline(breachId),
      expected,
      next,
      JSON.stringify(line),
      ...Object.entries(fields).flat(),
    );
    return result === 1;
  }

  /** Sets a marker once; true for the caller that set it. Makes job effects idempotent. */
  async markOnce(breachId: string, marker: string, nowMs: number): Promise<boolean> {
    return (await this.redis.hsetnx(this.keys.breach(breachId), `mark:${marker}`, String(nowMs))) === 1;
  }

  async state(breachId: string): Promise<BreachState | undefined> {
    return ((await this.redis.hget(this.keys.breach(breachId), 'state')) ?? undefined) as
      | BreachState
      | undefined;
  }

  /** Records a successful delivery in one round trip: who was notified, the job's marker, the timeline line. */
  async recordDelivery(breachId: string, target: string, marker: string, line: TimelineEntry): Promise<void> {
    await this.redis
      .multi()
      .sadd(this.keys.notified(breachId), target)
      .hsetnx(this.keys.breach(breachId), `mark:${marker}`, String(Date.parse(line.at)))
      .rpush(this.keys.timeline(breachId), JSON.stringify(line))
      .exec();
  }

  /** Appends timeline lines and sets a marker together. */
  async appendAndMark(
    breachId: string,
    lines: TimelineEntry[],
    marker: string,
    nowMs: number,
  ): Promise<void> {
    const multi = this.redis.multi();
    if (lines.length > 0) multi.rpush(this.keys.timeline(breachId), ...lines.map((l) => JSON.stringify(l)));
    await multi.hsetnx(this.keys.breach(breachId), `mark:${marker}`, String(nowMs)).exec();
  }

  async addNotified(breachId: string, target: string): Promise<void> {
    await this.redis.sadd(this.keys.notified(breachId), target);
  }

  async notified(breachId: string): Promise<string[]> {
    return (await this.redis.smembers(this.keys.notified(breachId))).sort();
  }

  async activeCounts(): Promise<Map<Severity, number>> {
    const counts = new Map<Severity, number>();
    for (const severity of SEVERITIES)
      counts.set(severity, await this.redis.scard(this.keys.active(severity)));
    return counts;
  }

  /** Newest first; the cursor is the last index entry returned, so new breaches never shift a page. */
  async list(query: BreachQuery): Promise<{ breaches: BreachRecord[]; nextCursor?: string }> {
    const out: BreachRecord[] = [];
    let max = query.cursor ? `(${query.cursor}` : query.toMs !== undefined ? `(${pad(query.toMs + 1)}|` : '+';
    const min = query.fromMs !== undefined ? `[${pad(query.fromMs)}|` : '-';
    let last: string | undefined;
    for (;;) {
      const members = await this.redis.zrevrangebylex(this.keys.index(), max, min, 'LIMIT', 0, SCAN_CHUNK);
      if (members.length === 0) return { breaches: out };
      const pipeline = this.redis.pipeline();
      for (const member of members) pipeline.hgetall(this.keys.breach(member.slice(16)));
      const replies = (await pipeline.exec()) ?? [];
      for (let i = 0; i < members.length; i++) {
        last = members[i]!;
        const record = parseRecord(replies[i]?.[1] as Record<string, string>);
        if (record && fits(record, query)) {
          out.push(record);
          if (out.length === query.limit) return { breaches: out, nextCursor: last };
        }
      }
      max = `(${last}`;
    }
  }

  async putSilence(silence: Silence): Promise<void> {
    await this.redis.hset(this.keys.silences(), silence.id, JSON.stringify(silence));
    this.silenceCache = undefined;
  }

  async silences(): Promise<Silence[]> {
    const all = await this.redis.hvals(this.keys.silences());
    return all.map((s) => JSON.parse(s) as Silence).sort((a, b) => a.createdAt.localeCompare(b.createdAt));
  }

  /**
   * The silences as of at most `maxAgeMs` ago: every step checks them, and a
   * silence reaching other processes a second late costs at most one page.
   */
  async recentSilences(nowMs: number, maxAgeMs = 1000): Promise<Silence[]> {
    if (!this.silenceCache || nowMs - this.silenceCache.atMs > maxAgeMs) {
      this.silenceCache = { atMs: nowMs, silences: await this.silences() };
    }
    return this.silenceCache.silences;
  }

  private silenceCache: { atMs: number; silences: Silence[] } | undefined;

  async silence(id: string): Promise<Silence | undefined> {
    const found = await this.redis.hget(this.keys.silences(), id);
    return found ? (JSON.parse(found) as Silence) : undefined;
  }

  async recordSuppressed(silenceId: string, what: Record<string, unknown>): Promise<void> {
    await this.redis.rpush(this.keys.silenceSuppressed(silenceId), JSON.stringify(what));
  }

  async suppressed(silenceId: string): Promise<Array<Record<string, unknown>>> {
    const lines = await this.redis.lrange(this.keys.silenceSuppressed(silenceId), 0, -1);
    return lines.map((l) => JSON.parse(l) as Record<string, unknown>);
  }

  async takeSlot(
    target: string,
    limit: RateLimit,
    nowMs: number,
  ): Promise<{ allowed: true } | { allowed: false; retryAtMs: number }> {
    const [allowed, retryAtMs] = (await this.redis.eval(
      TAKE_SLOT,
      1,
      this.keys.rateWindow(target),
      String(nowMs),
      String(limit.perMs),
      String(limit.messages),
      `${nowMs}.${randomUUID()}`,
    )) as [number, number];
    return allowed === 1 ? { allowed: true } : { allowed: false, retryAtMs: Number(retryAtMs) };
  }

  /** Returns the length of the overflow list after the push. */
  async pushOverflow(target: string, item: OverflowItem): Promise<number> {
    return this.redis.rpush(this.keys.overflow(target), JSON.stringify(item));
  }

  async pushDigest(policy: string, intervalStartMs: number, breachId: string): Promise<void> {
    const key = this.keys.digest(policy, intervalStartMs);
    // Kept well past the flush so a retried flush still finds its items.
    await this.redis
      .multi()
      .rpush(key, breachId)
      .pexpire(key, 7 * 86_400_000)
      .exec();
  }

  async digestItems(policy: string, intervalStartMs: number): Promise<string[]> {
    return this.redis.lrange(this.keys.digest(policy, intervalStartMs), 0, -1);
  }

  /** The first `count` raw items of a list, to be trimmed with trimIfHead after they are safely handed on. */
  async headOfOverflow(target: string, count: number): Promise<string[]> {
    return this.redis.lrange(this.keys.overflow(target), 0, count - 1);
  }

  async trimOverflowIfHead(target: string, items: string[]): Promise<boolean> {
    if (items.length === 0) return true;
    const result = await this.redis.eval(
      TRIM_IF_HEAD,
      1,
      this.keys.overflow(target),
      String(items.length),
      items[0]!,
      items[items.length - 1]!,
    );
    return result === 1;
  }

  async overflowLength(target: string): Promise<number> {
    return this.redis.llen(this.keys.overflow(target));
  }
}

function parseRecord(hash: Record<string, string> | undefined | null): BreachRecord | undefined {
  if (!hash || hash['change'] === undefined || hash['state'] === undefined) return undefined;
  const markers = new Set<string>();
  for (const field of Object.keys(hash)) if (field.startsWith('mark:')) markers.add(field.slice(5));
  const record: BreachRecord = {
    breach: JSON.parse(hash['change']) as BreachChange,
    markers,
    state: hash['state'] as BreachState,
    policy: hash['policy'] ?? '',
    openedAt: new Date(Number(hash['openedAt'])).toISOString(),
  };
  if (hash['acknowledgedAt']) record.acknowledgedAt = hash['acknowledgedAt'];
  if (hash['acknowledgedBy']) record.acknowledgedBy = hash['acknowledgedBy'];
  if (hash['resolvedAt']) record.resolvedAt = hash['resolvedAt'];
  if (hash['resolvedBy']) record.resolvedBy = hash['resolvedBy'];
  return record;
}

function fits(record: BreachRecord, query: BreachQuery): boolean {
  return (
    (query.status === undefined || record.state === query.status) &&
    (query.severity === undefined || record.breach.severity === query.severity) &&
    (query.segment === undefined || record.breach.segment === query.segment) &&
    (query.standard === undefined || record.breach.standard === query.standard)
  );
}
