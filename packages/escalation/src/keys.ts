import { encodeBreachId } from './job-id.js';

/**
 * Every Redis key of the escalation, under `<REDIS_KEY_PREFIX>esc:`. A
 * breach's keys share the hash tag `{b.<id>}` so one breach's updates stay in
 * one Redis Cluster slot and its scripts may touch them together.
 */
export class EscalationKeys {
  readonly base: string;

  constructor(redisKeyPrefix: string) {
    this.base = `${redisKeyPrefix}esc:`;
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

  digest(policy: string, intervalStartMs: number): string {
    return `${this.base}{d.${policy}}:${intervalStartMs}`;
  }

  /** BullMQ's own prefix; queue names carry the hash tag BullMQ needs in a cluster. */
  queuePrefix(): string {
    return `${this.base}bull`;
  }
}
