import type { BreachChange, Severity } from '@slawatch/contract';
import { SEVERITIES } from '@slawatch/contract';
import type { Redis } from '@slawatch/redis';
import type { IncidentGrouping } from '../grouping.js';
import type { Inhibition } from '../inhibition.js';
import { incidentId as makeIncidentId } from '../job-id.js';
import type { EscalationKeys } from '../keys.js';
import type { TimelineEntry } from '../timeline.js';
import type { EscalationCommands } from './escalation-commands.js';

export const INCIDENT_STATES = ['open', 'acknowledged', 'resolved'] as const;
export type IncidentState = (typeof INCIDENT_STATES)[number];

/** An incident as stored: what its members share, where it stands, its counts. */
export interface Incident {
  incidentId: string;
  state: IncidentState;
  policy: string;
  severity: Severity;
  /** The grouping fields and their shared values (`facility: hub:HGH01`). */
  labels: Record<string, string>;
  standard: string;
  /** Members of more than one standard. */
  mixedStandards: boolean;
  title: string;
  titleZh?: string;
  openedAt: string;
  grouping: IncidentGrouping;
  /** Members joined and ended since the last message. */
  newSinceMessage: number;
  resolvedSinceMessage: number;
  /** Members ever joined; open now; paged at all. */
  members: number;
  open: number;
  paged: boolean;
  firstPagedAt?: string;
  lastMessageAt?: string;
  /** Messages sent about it (pages, updates, reminders), each counted once whatever the number of targets. */
  messages: number;
  /** The earliest last-seen time among its members: how long the parcels have been dark. */
  lastSeenAt?: string;
  acknowledgedAt?: string;
  acknowledgedBy?: string;
  /** Messages held back until then (the resolved notice is not). */
  silencedUntil?: string;
  silencedBy?: string;
  silenceComment?: string;
  resolvedAt?: string;
  resolvedBy?: string;
  /**
   * A facility incident: opened by an inhibit rule when its value passed the
   * threshold; its members' own pages are suppressed.
   */
  inhibition?: Inhibition;
}

export interface IncidentMember {
  breachId: string;
  waybill: string;
  detectedAt: string;
  open: boolean;
}

export interface IncidentQuery {
  status?: IncidentState;
  severity?: Severity;
  standard?: string;
  facility?: string;
  limit: number;
  /** The opening ms and id of the last incident of the previous page. */
  cursor?: string;
}

/** What a message about an incident shows beyond the stored record. */
export interface IncidentDigestFacts {
  examples: string[];
  oldestDetectedAt?: string;
  bySegment: Record<string, number>;
}

const EXAMPLES = 10;
const MEMBER_SCAN = 200;
const SEVERITY_RANK: Record<Severity, number> = { minor: 0, major: 1, critical: 2 };

/**
 * The incidents: each is a Redis hash with its members (sorted by detection),
 * its open members, their count per segment, who was notified and its
 * timeline, all under the group's hash tag. A group has at most one open or
 * acknowledged incident at a time; the pointer names it.
 */
export class Incidents {
  constructor(
    private readonly redis: Redis & EscalationCommands,
    private readonly keys: EscalationKeys,
  ) {}

  private incidentKeys(id: string): string[] {
    const k = this.keys;
    return [
      k.incident(id),
      k.incidentMembers(id),
      k.incidentOpen(id),
      k.incidentSegments(id),
      k.incidentTimeline(id),
    ];
  }

  /** Adds the breach to its group's incident, opening one when the group has none; safe to repeat. */
  async join(
    breach: BreachChange,
    options: {
      group: string;
      policy: string;
      grouping: IncidentGrouping;
      labels: Record<string, string>;
      nowMs: number;
      opened: TimelineEntry;
      /** A facility incident: its severity is the rule's, whatever its members'. */
      severity?: Severity;
      inhibition?: Inhibition;
    },
  ): Promise<{ incidentId: string; created: boolean; added: boolean; state: IncidentState }> {
    const severity = options.severity ?? breach.severity;
    const pointer = this.keys.incidentPointer(options.group);
    let candidate = (await this.redis.get(pointer)) ?? makeIncidentId(options.group, options.nowMs);
    const seenAt = breach.cause?.lastSeen?.at;
    for (;;) {
      const reply = await this.redis.escalationJoinIncident(
        pointer,
        ...this.incidentKeys(candidate),
        candidate,
        breach.breachId,
        String(Date.parse(breach.detectedAt)),
        breach.segment,
        severity,
        String(SEVERITY_RANK[severity]),
        String(options.nowMs),
        JSON.stringify(options.labels),
        options.policy,
        breach.standard,
        breach.title,
        breach.titleZh ?? '',
        seenAt === undefined ? '' : String(Date.parse(seenAt)),
        JSON.stringify(options.opened),
        JSON.stringify(options.grouping),
        options.inhibition ? JSON.stringify(options.inhibition) : '',
      );
      // Another process opened the group's incident (or it resolved) between the read and the script.
      if (reply[0] === 'retry') {
        const resolvedMs = Number.parseInt(candidate.slice(candidate.indexOf('.') + 1), 36);
        candidate =
          reply[1] === ''
            ? makeIncidentId(options.group, Math.max(options.nowMs, resolvedMs + 1))
            : String(reply[1]);
        continue;
      }
      const [created, added, state, , rose] = reply;
      if (created === 1) {
        await this.redis.zadd(this.keys.incidentIndex(), options.nowMs, candidate);
      }
      // The open-incidents sets move only when the incident opens or its severity rises: most joins skip them.
      if (rose === 1) await this.reindexSeverity(candidate);
      return {
        incidentId: candidate,
        created: created === 1,
        added: added === 1,
        state: state as IncidentState,
      };
    }
  }

  /** A member ended: it leaves the open ones; the last one leaving resolves the incident. */
  async leave(
    incidentId: string,
    breach: BreachChange,
    options: { nowMs: number; resolved: TimelineEntry },
  ): Promise<{ left: boolean; resolvedNow: boolean; paged: boolean }> {
    const k = this.keys;
    const [left, resolvedNow, paged] = await this.redis.escalationLeaveIncident(
      k.incidentPointer(incidentGroup(incidentId)),
      k.incident(incidentId),
      k.incidentOpen(incidentId),
      k.incidentSegments(incidentId),
      k.incidentTimeline(incidentId),
      incidentId,
      breach.breachId,
      breach.segment,
      String(options.nowMs),
      JSON.stringify(options.resolved),
    );
    if (resolvedNow === 1) await this.reindexSeverity(incidentId);
    return { left: left === 1, resolvedNow: resolvedNow === 1, paged: paged === 1 };
  }

  /** An operator's acknowledgement or resolution; the open members returned get the same action. */
  async setState(
    incidentId: string,
    change: { next: 'acknowledged' | 'resolved'; who: string; nowMs: number; line: TimelineEntry },
  ): Promise<
    { ok: true; openMembers: string[] } | { ok: false; code: 'not-found' | 'conflict'; state?: string }
  > {
    const k = this.keys;
    const reply = await this.redis.escalationSetIncidentState(
      k.incidentPointer(incidentGroup(incidentId)),
      k.incident(incidentId),
      k.incidentOpen(incidentId),
      k.incidentTimeline(incidentId),
      incidentId,
      change.next,
      String(change.nowMs),
      change.who,
      JSON.stringify(change.line),
    );
    if (reply[0] === 'missing') return { ok: false, code: 'not-found' };
    if (reply[0] === 'conflict')
      return { ok: false, code: 'conflict', ...(reply[1] ? { state: reply[1] } : {}) };
    if (change.next === 'resolved') await this.reindexSeverity(incidentId);
    return { ok: true, openMembers: reply.slice(1) };
  }

  async silence(
    incidentId: string,
    silence: { untilMs: number; who: string; comment: string; line: TimelineEntry },
  ): Promise<'ok' | 'missing' | 'resolved'> {
    return (await this.redis.escalationSilenceIncident(
      this.keys.incident(incidentId),
      this.keys.incidentTimeline(incidentId),
      String(silence.untilMs),
      silence.who,
      silence.comment,
      JSON.stringify(silence.line),
    )) as 'ok' | 'missing' | 'resolved';
  }

  /** The counts since the last message, reset for the next; marks the incident paged when `paged`. */
  async takeCounts(incidentId: string, nowMs: number, paged: boolean) {
    const [added, resolved, open, members, state] = await this.redis.escalationTakeIncidentCounts(
      this.keys.incident(incidentId),
      String(nowMs),
      paged ? '1' : '0',
    );
    return { added, resolved, open, members, state: state as IncidentState };
  }

  async get(incidentId: string): Promise<Incident | undefined> {
    return parseIncident(await this.redis.hgetall(this.keys.incident(incidentId)));
  }

  /** Up to ten open example waybills (oldest first), the oldest open member and the open members per segment. */
  async digestFacts(incidentId: string): Promise<IncidentDigestFacts> {
    const k = this.keys;
    const examples: string[] = [];
    let oldestDetectedAt: string | undefined;
    for (let start = 0; examples.length < EXAMPLES; start += MEMBER_SCAN) {
      const page = await this.redis.zrange(
        k.incidentMembers(incidentId),
        start,
        start + MEMBER_SCAN - 1,
        'WITHSCORES',
      );
      if (page.length === 0) break;
      const ids = page.filter((_, i) => i % 2 === 0);
      const open = await this.redis.smismember(k.incidentOpen(incidentId), ...ids);
      ids.forEach((id, i) => {
        if (open[i] !== 1 || examples.length >= EXAMPLES) return;
        oldestDetectedAt ??= new Date(Number(page[i * 2 + 1])).toISOString();
        examples.push(waybillOf(id));
      });
    }
    const segments = await this.redis.hgetall(k.incidentSegments(incidentId));
    const bySegment: Record<string, number> = {};
    for (const [segment, count] of Object.entries(segments))
      if (Number(count) > 0) bySegment[segment] = Number(count);
    return { examples, ...(oldestDetectedAt ? { oldestDetectedAt } : {}), bySegment };
  }

  /** Members oldest first, a page at a time; the cursor is the rank to continue from. */
  async members(incidentId: string, page: { limit: number; cursor?: number }) {
    const start = page.cursor ?? 0;
    const k = this.keys;
    const raw = await this.redis.zrange(
      k.incidentMembers(incidentId),
      start,
      start + page.limit - 1,
      'WITHSCORES',
    );
    const ids = raw.filter((_, i) => i % 2 === 0);
    const open = ids.length === 0 ? [] : await this.redis.smismember(k.incidentOpen(incidentId), ...ids);
    const members: IncidentMember[] = ids.map((breachId, i) => ({
      breachId,
      waybill: waybillOf(breachId),
      detectedAt: new Date(Number(raw[i * 2 + 1])).toISOString(),
      open: open[i] === 1,
    }));
    const total = await this.redis.zcard(k.incidentMembers(incidentId));
    const next = start + ids.length;
    return { members, total, ...(next < total ? { nextCursor: String(next) } : {}) };
  }

  async addNotified(incidentId: string, target: string, line: TimelineEntry): Promise<void> {
    await this.redis
      .multi()
      .sadd(this.keys.incidentNotified(incidentId), target)
      .rpush(this.keys.incidentTimeline(incidentId), JSON.stringify(line))
      .exec();
  }

  async notified(incidentId: string): Promise<string[]> {
    return (await this.redis.smembers(this.keys.incidentNotified(incidentId))).sort();
  }

  async hasMarker(incidentId: string, marker: string): Promise<boolean> {
    return (await this.redis.hexists(this.keys.incident(incidentId), `mark:${marker}`)) === 1;
  }

  /** Sets a marker once; true for the caller that set it. */
  async markOnce(incidentId: string, marker: string, nowMs: number): Promise<boolean> {
    return (await this.redis.hsetnx(this.keys.incident(incidentId), `mark:${marker}`, String(nowMs))) === 1;
  }

  async appendTimeline(incidentId: string, line: TimelineEntry): Promise<void> {
    await this.redis.rpush(this.keys.incidentTimeline(incidentId), JSON.stringify(line));
  }

  async timeline(incidentId: string): Promise<TimelineEntry[]> {
    const lines = await this.redis.lrange(this.keys.incidentTimeline(incidentId), 0, -1);
    return lines.map((line) => JSON.parse(line) as TimelineEntry);
  }

  async activeCounts(): Promise<Map<Severity, number>> {
    const counts = new Map<Severity, number>();
    for (const severity of SEVERITIES)
      counts.set(severity, await this.redis.scard(this.keys.activeIncidents(severity)));
    return counts;
  }

  /** Newest first, filtered in the service (an operations listing, not a query engine). */
  async list(query: IncidentQuery): Promise<{ incidents: Incident[]; nextCursor?: string }> {
    const out: Incident[] = [];
    let max = query.cursor ? `(${query.cursor.split('|')[0]}` : '+inf';
    let skipThrough = query.cursor?.split('|')[1];
    for (;;) {
      const raw = await this.redis.zrevrangebyscore(
        this.keys.incidentIndex(),
        max,
        '-inf',
        'WITHSCORES',
        'LIMIT',
        0,
        MEMBER_SCAN,
      );
      if (raw.length === 0) return { incidents: out };
      const ids = raw.filter((_, i) => i % 2 === 0);
      const pipeline = this.redis.pipeline();
      for (const id of ids) pipeline.hgetall(this.keys.incident(id));
      const replies = (await pipeline.exec()) ?? [];
      for (let i = 0; i < ids.length; i++) {
        const score = raw[i * 2 + 1]!;
        max = `(${score}`;
        if (skipThrough !== undefined) {
          // Incidents opened in the same millisecond as the cursor's: skip up to and including it.
          if (ids[i] === skipThrough) skipThrough = undefined;
          continue;
        }
        const incident = parseIncident(replies[i]?.[1] as Record<string, string>);
        if (incident && fits(incident, query)) {
          out.push(incident);
          if (out.length === query.limit) return { incidents: out, nextCursor: `${score}|${ids[i]}` };
        }
      }
      if (ids.length < MEMBER_SCAN) return { incidents: out };
    }
  }

  /** Keeps the open-incidents sets (the gauge) in line with the incident's state and severity. */
  private async reindexSeverity(incidentId: string): Promise<void> {
    const hash = await this.redis.hmget(this.keys.incident(incidentId), 'status', 'severity');
    const multi = this.redis.multi();
    for (const severity of SEVERITIES) {
      const active = hash[0] !== 'resolved' && hash[1] === severity;
      multi[active ? 'sadd' : 'srem'](this.keys.activeIncidents(severity), incidentId);
    }
    await multi.exec();
  }
}

function incidentGroup(incidentId: string): string {
  return incidentId.slice(0, incidentId.indexOf('.'));
}

export function waybillOf(breachId: string): string {
  return breachId.slice(0, breachId.indexOf(':'));
}

const iso = (ms: string | undefined) => (ms ? new Date(Number(ms)).toISOString() : undefined);

function parseIncident(hash: Record<string, string> | undefined | null): Incident | undefined {
  if (!hash || hash['id'] === undefined || hash['status'] === undefined) return undefined;
  const optional: Partial<Incident> = {};
  const times = ['firstPagedAt', 'lastMessageAt', 'acknowledgedAt', 'resolvedAt', 'silencedUntil'] as const;
  for (const field of times) {
    const at = iso(hash[field]);
    if (at) optional[field] = at;
  }
  const lastSeenAt = iso(hash['lastSeenMs']);
  if (lastSeenAt) optional.lastSeenAt = lastSeenAt;
  if (hash['acknowledgedBy']) optional.acknowledgedBy = hash['acknowledgedBy'];
  if (hash['resolvedBy']) optional.resolvedBy = hash['resolvedBy'];
  if (hash['silencedBy']) optional.silencedBy = hash['silencedBy'];
  if (hash['silenceComment']) optional.silenceComment = hash['silenceComment'];
  if (hash['titleZh']) optional.titleZh = hash['titleZh'];
  if (hash['inhibition']) optional.inhibition = JSON.parse(hash['inhibition']) as Inhibition;
  return {
    incidentId: hash['id'],
    state: hash['status'] as IncidentState,
    policy: hash['policy'] ?? '',
    severity: (hash['severity'] ?? 'minor') as Severity,
    labels: JSON.parse(hash['labels'] ?? '{}') as Record<string, string>,
    standard: hash['standard'] ?? '',
    mixedStandards: hash['mixed'] === '1',
    title: hash['title'] ?? '',
    openedAt: iso(hash['openedAt'])!,
    grouping: JSON.parse(hash['grouping'] ?? '{"by":[],"wait":0,"interval":300000}') as IncidentGrouping,
    newSinceMessage: Number(hash['new'] ?? 0),
    resolvedSinceMessage: Number(hash['resolved'] ?? 0),
    members: Number(hash['members'] ?? 0),
    open: Number(hash['open'] ?? 0),
    paged: hash['paged'] === '1',
    messages: Number(hash['messages'] ?? 0),
    ...optional,
  };
}

function fits(incident: Incident, query: IncidentQuery): boolean {
  return (
    (query.status === undefined || incident.state === query.status) &&
    (query.severity === undefined || incident.severity === query.severity) &&
    (query.standard === undefined || incident.standard === query.standard) &&
    (query.facility === undefined ||
      incident.labels['facility'] === query.facility ||
      incident.labels['facility']?.endsWith(`:${query.facility}`) === true)
  );
}

/** Whether the incident's messages are held back at `nowMs`. */
export function isIncidentSilenced(incident: Incident, nowMs: number): boolean {
  return incident.silencedUntil !== undefined && Date.parse(incident.silencedUntil) > nowMs;
}
