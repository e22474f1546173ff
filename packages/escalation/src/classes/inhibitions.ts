import type { BreachChange } from '@slawatch/contract';
import type { Redis } from '@slawatch/redis';
import type { EscalationKeys } from '../keys.js';
import type { EscalationCommands } from './escalation-commands.js';

/**
 * What inhibit rules count: per rule and value, the open breaches behind it
 * (a sorted set by detection, so a replay counts once and a window can trim
 * it), next to the pointer of the value's facility incident.
 */
export class Inhibitions {
  constructor(
    private readonly redis: Redis & EscalationCommands,
    private readonly keys: EscalationKeys,
  ) {}

  /** Counts the breach behind the value; the count and the facility incident open for it, if any. */
  async count(
    group: string,
    breach: BreachChange,
    options: { nowMs: number; windowMs: number | undefined },
  ): Promise<{ open: number; incidentId: string | undefined }> {
    const earliest = options.windowMs === undefined ? '' : String(options.nowMs - options.windowMs);
    const [open, incidentId] = await this.redis.escalationCountInhibition(
      this.keys.inhibitionOpen(group),
      this.keys.incidentPointer(group),
      breach.breachId,
      String(Date.parse(breach.detectedAt)),
      earliest,
    );
    return { open: Number(open), incidentId: incidentId === '' ? undefined : incidentId };
  }

  /** The breach ended: it no longer counts. Safe to repeat. */
  async release(group: string, breachId: string): Promise<void> {
    await this.redis.zrem(this.keys.inhibitionOpen(group), breachId);
  }

  /** The value's open facility incident, if any. */
  async current(group: string): Promise<string | undefined> {
    return (await this.redis.get(this.keys.incidentPointer(group))) ?? undefined;
  }

  /** Open breaches counted behind the value now. */
  async open(group: string): Promise<number> {
    return this.redis.zcard(this.keys.inhibitionOpen(group));
  }
}
