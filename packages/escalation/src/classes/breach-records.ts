import type { BreachChange, Severity } from '@slawatch/contract';
import { SEVERITIES } from '@slawatch/contract';
import type { Redis } from '@slawatch/redis';
import type { EscalationKeys } from '../keys.js';
import { type BreachState, isFinal } from '../lifecycle.js';
import type { TimelineEntry } from '../timeline.js';
import type { EscalationCommands } from './escalation-commands.js';

/** A breach as escalation holds it: the monitor's change, where its escalation stands, who acted on it. */
export interface EscalatedBreach {
  breach: BreachChange;
  /**
   * Effects already done (`step:1.2`, `page:1.2.tier-1`, …) and when (epoch
   * ms): jobs check them to act once, and a rerun dates what it queues again from them.
   */
  markers: ReadonlyMap<string, number>;
  state: BreachState;
  policy: string;
  openedAt: string;
  acknowledgedAt?: string;
  acknowledgedBy?: string;
  resolvedAt?: string;
  resolvedBy?: string;
  /** The incident it is a member of, when its policy groups. */
  incident?: string;
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

const OUTCOMES: Record<number, ChangeOutcome> = { 0: 'duplicate', 2: 'late', 3: 'untracked' };
const SCAN_CHUNK = 200;
const pad = (ms: number) => String(Math.max(0, Math.floor(ms))).padStart(15, '0');

/**
 * The breach records: each breach's hash (change, state, markers), the set of
 * targets notified, the listing index and the active sets per severity. Writes
 * that change a record append the timeline line saying so in the same step.
 */
export class BreachRecords {
  constructor(
    private readonly redis: Redis & EscalationCommands,
    private readonly keys: EscalationKeys,
  ) {}

  async recordChange(
    change: BreachChange,
    options: { policy: string; nowMs: number; first: TimelineEntry },
  ): Promise<{ outcome: ChangeOutcome; state: BreachState }> {
    const [code, state] = await this.redis.escalationRecordChange(
      this.keys.breach(change.breachId),
      this.keys.timeline(change.breachId),
      change.status,
      JSON.stringify(change),
      options.policy,
      String(options.nowMs),
      JSON.stringify(options.first),
    );
    const outcome = OUTCOMES[code] ?? 'new';
    const current = (state === '' ? change.status : state) as BreachState;
    // Outside the script: the index and the gauge sets live in other cluster
    // slots. Both writes are idempotent, so a replay repairs a crash between.
    await this.reindex(change, current);
    return { outcome, state: current };
  }

  async reindex(change: BreachChange, state: BreachState): Promise<void> {
    const member = `${pad(Date.parse(change.detectedAt))}|${change.breachId}`;
    const active = this.keys.active(change.severity);
    // Issued together, so an auto-pipelining connection sends them in one write with others.
    await Promise.all([
      this.redis.zadd(this.keys.index(), 0, member),
      isFinal(state) ? this.redis.srem(active, change.breachId) : this.redis.sadd(active, change.breachId),
    ]);
  }

  async get(breachId: string): Promise<EscalatedBreach | undefined> {
    return parseEscalatedBreach(await this.redis.hgetall(this.keys.breach(breachId)));
  }

  async state(breachId: string): Promise<BreachState | undefined> {
    return ((await this.redis.hget(this.keys.breach(breachId), 'state')) ?? undefined) as
      | BreachState
      | undefined;
  }

  /** Moves a breach from `expected` to `next` only if nobody changed it meanwhile. */
  async setState(
    breachId: string,
    change: {
      expected: BreachState;
      next: BreachState;
      line: TimelineEntry;
      fields?: Record<string, string>;
    },
  ): Promise<boolean> {
    const result = await this.redis.escalationSetState(
      this.keys.breach(breachId),
      this.keys.timeline(breachId),
      change.expected,
      change.next,
      JSON.stringify(change.line),
      ...Object.entries(change.fields ?? {}).flat(),
    );
    return result === 1;
  }

  /** Sets a marker once; true for the caller that set it. Makes job effects idempotent. */
  async markOnce(breachId: string, marker: string, nowMs: number): Promise<boolean> {
    return (await this.redis.hsetnx(this.keys.breach(breachId), `mark:${marker}`, String(nowMs))) === 1;
  }

  /**
   * Appends timeline lines and sets a marker together, so a rerun job finds
   * both or neither; true for the caller that set the marker.
   */
  async markWithLines(
    breachId: string,
    done: { marker: string; lines: TimelineEntry[]; nowMs: number },
  ): Promise<boolean> {
    const set = await this.redis.escalationMarkWithLines(
      this.keys.breach(breachId),
      this.keys.timeline(breachId),
      `mark:${done.marker}`,
      String(done.nowMs),
      ...done.lines.map((line) => JSON.stringify(line)),
    );
    return set === 1;
  }

  /**
   * Records a successful delivery in one script: who was notified, the job's
   * marker, the timeline line. Returns the breach's state as of that write,
   * so a resolution that raced the delivery is seen without another read.
   */
  async recordDelivery(
    breachId: string,
    delivery: { target: string; marker: string; line: TimelineEntry },
  ): Promise<BreachState | undefined> {
    const state = await this.redis.escalationRecordDelivery(
      this.keys.notified(breachId),
      this.keys.breach(breachId),
      this.keys.timeline(breachId),
      delivery.target,
      `mark:${delivery.marker}`,
      String(Date.parse(delivery.line.at)),
      JSON.stringify(delivery.line),
    );
    return state === '' ? undefined : (state as BreachState);
  }

  /** Records the incident the breach joined, once, with its timeline line. */
  async setIncident(breachId: string, incidentId: string, line: TimelineEntry): Promise<void> {
    if ((await this.redis.hsetnx(this.keys.breach(breachId), 'incident', incidentId)) === 1)
      await this.redis.rpush(this.keys.timeline(breachId), JSON.stringify(line));
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
  async list(query: BreachQuery): Promise<{ breaches: EscalatedBreach[]; nextCursor?: string }> {
    const out: EscalatedBreach[] = [];
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
        const record = parseEscalatedBreach(replies[i]?.[1] as Record<string, string>);
        if (record && fits(record, query)) {
          out.push(record);
          if (out.length === query.limit) return { breaches: out, nextCursor: last };
        }
      }
      max = `(${last}`;
    }
  }
}

function parseEscalatedBreach(hash: Record<string, string> | undefined | null): EscalatedBreach | undefined {
  if (!hash || hash['change'] === undefined || hash['state'] === undefined) return undefined;
  const markers = new Map<string, number>();
  for (const [field, value] of Object.entries(hash))
    if (field.startsWith('mark:')) markers.set(field.slice(5), Number(value));
  const record: EscalatedBreach = {
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
  if (hash['incident']) record.incident = hash['incident'];
  return record;
}

function fits(record: EscalatedBreach, query: BreachQuery): boolean {
  return (
    (query.status === undefined || record.state === query.status) &&
    (query.severity === undefined || record.breach.severity === query.severity) &&
    (query.segment === undefined || record.breach.segment === query.segment) &&
    (query.standard === undefined || record.breach.standard === query.standard)
  );
}
