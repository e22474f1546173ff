import { encodeBreachId, groupOfIncident } from './job-id.js';

/**
 * Every Redis key of the escalation, under `<REDIS_KEY_PREFIX>esc:`. A
 * breach's keys share the hash tag `{b.<id>}` so one breach's updates stay
 * together and its scripts may touch them together.
 *
 * In a Redis Cluster the base itself is the hash tag, `{<REDIS_KEY_PREFIX>esc}:`,
 * so every key of the escalation (its BullMQ queues too) is in one slot, on
 * one master: the stored consumed offsets and the effects written before them
 * then fail over together, and a replica promoted a little behind lacks the
 * offsets of whatever effects it lacks (consumed-offsets.ts). The inner tags
 * are then inert (Redis hashes the first `{...}` of a key). One Redis keeps
 * the plain base, so a running deployment's keys stay where they are.
 */
export class EscalationKeys {
  readonly base: string;

  constructor(redisKeyPrefix: string, options: { cluster?: boolean } = {}) {
    this.base = options.cluster ? `{${redisKeyPrefix}esc}:` : `${redisKeyPrefix}esc:`;
  }

  private tag(breachId: string): string {
    return `${this.base}{b.${encodeBreachId(breachId)}}`;
  }

  breach(breachId: string): string {
    return `${this.tag(breachId)}:breach`;
  }

  timeline(breachId: string): string {
    return `${this.tag(breachId)}:timeline`;
  }

  notified(breachId: string): string {
    return `${this.tag(breachId)}:notified`;
  }

  /** All breaches by detection time, newest last: the listing API pages through it. */
  index(): string {
    return `${this.base}index`;
  }

  /** Unresolved breach ids per severity, for the open-breaches gauge. */
  active(severity: string): string {
    return `${this.base}active:${severity}`;
  }

  /** The next offset of each consumed topic-partition, written after the batch's effects. */
  consumedOffsets(): string {
    return `${this.base}consumed-offsets`;
  }

  silences(): string {
    return `${this.base}silences`;
  }

  silenceSuppressed(silenceId: string): string {
    return `${this.base}{s.${silenceId}}:suppressed`;
  }

  rateWindow(target: string): string {
    return `${this.base}{t.${target}}:sent`;
  }

  overflow(target: string): string {
    return `${this.base}{t.${target}}:overflow`;
  }

  /** Pages merged into the target's overflow lately, so a rerun does not merge one twice. */
  overflowMerged(target: string): string {
    return `${this.base}{t.${target}}:merged`;
  }

  digest(policy: string, intervalStartMs: number): string {
    return `${this.base}{d.${policy}}:${intervalStartMs}`;
  }

  /** Set once the interval's flush begins: a breach filed after it would not be sent. */
  digestFlushed(policy: string, intervalStartMs: number): string {
    return `${this.digest(policy, intervalStartMs)}:flushed`;
  }

  /**
   * An incident's keys share its group's hash tag `{i.<group>}` with the
   * group's current-incident pointer, so one script can open, join and close it.
   */
  private incidentTag(incidentId: string): string {
    return `${this.base}{i.${groupOfIncident(incidentId)}}`;
  }

  /** The id of the group's open incident, while it has one. */
  incidentPointer(group: string): string {
    return `${this.base}{i.${group}}:current`;
  }

  /**
   * Open breaches an inhibit rule counts behind one value (sorted by
   * detection), under the tag of the value's facility incidents so one
   * script counts and reads the pointer.
   */
  inhibitionOpen(group: string): string {
    return `${this.base}{i.${group}}:inhibit-open`;
  }

  incident(incidentId: string): string {
    return `${this.incidentTag(incidentId)}:${incidentId}`;
  }

  incidentMembers(incidentId: string): string {
    return `${this.incident(incidentId)}:members`;
  }

  incidentOpen(incidentId: string): string {
    return `${this.incident(incidentId)}:open`;
  }

  incidentSegments(incidentId: string): string {
    return `${this.incident(incidentId)}:segments`;
  }

  incidentNotified(incidentId: string): string {
    return `${this.incident(incidentId)}:notified`;
  }

  incidentTimeline(incidentId: string): string {
    return `${this.incident(incidentId)}:timeline`;
  }

  /** All incidents by opening time: the listing API pages through it. */
  incidentIndex(): string {
    return `${this.base}incidents`;
  }

  /** Unresolved incident ids per severity, for the open-incidents gauge. */
  activeIncidents(severity: string): string {
    return `${this.base}incidents-active:${severity}`;
  }

  /**
   * BullMQ's own prefix. Each queue's keys must share a slot: on one Redis the
   * queue names' braces would do it; in a cluster the base's tag (BullMQ's
   * documented way, a prefix in braces) puts them in the escalation's slot.
   */
  queuePrefix(): string {
    return `${this.base}bull`;
  }
}
