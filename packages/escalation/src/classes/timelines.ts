import type { Redis } from '@slawatch/redis';
import type { EscalationKeys } from '../keys.js';
import type { TimelineEntry } from '../timeline.js';

/** Each breach's history, one JSON line per entry, oldest first. */
export class Timelines {
  constructor(
    private readonly redis: Redis,
    private readonly keys: EscalationKeys,
  ) {}

  async read(breachId: string): Promise<TimelineEntry[]> {
    const lines = await this.redis.lrange(this.keys.timeline(breachId), 0, -1);
    return lines.map((line) => JSON.parse(line) as TimelineEntry);
  }

  async append(breachId: string, line: TimelineEntry): Promise<void> {
    await this.redis.rpush(this.keys.timeline(breachId), JSON.stringify(line));
  }
}
