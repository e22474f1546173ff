import type { Redis } from '@slawatch/redis';
import type { EscalationKeys } from '../keys.js';
import type { EscalationCommands } from './escalation-commands.js';

export interface ConsumedOffset {
  topic: string;
  partition: number;
  /** The next offset to read. */
  offset: string;
}

/**
 * Where the escalation's reading of `slawatch.breaches` stands, kept in the
 * same Redis as the breach records, jobs and markers it produced. The offset
 * of a batch is written only after every effect of the batch was
 * acknowledged, and Redis appends to its AOF in the order it executes
 * commands: whatever a restart from the AOF keeps of the offsets, it keeps of
 * the effects before them. A Redis that lost its last second therefore also
 * lost the offsets of that second, and the consumer reads those breach
 * changes again (each effect is idempotent). Kafka's committed offset stays,
 * for lag tooling and for partitions this Redis has never seen.
 */
export class ConsumedOffsets {
  constructor(
    private readonly redis: Redis & EscalationCommands,
    private readonly keys: EscalationKeys,
  ) {}

  /** The stored next offsets of these partitions; a partition never stored is left out. One round trip. */
  async read(assignment: Record<string, number[]>): Promise<ConsumedOffset[]> {
    const wanted = Object.entries(assignment).flatMap(([topic, partitions]) =>
      partitions.map((partition) => ({ topic, partition })),
    );
    if (wanted.length === 0) return [];
    const stored = await this.redis.hmget(
      this.keys.consumedOffsets(),
      ...wanted.map(({ topic, partition }) => fieldOf(topic, partition)),
    );
    return wanted.flatMap(({ topic, partition }, i) => {
      const offset = stored[i];
      return typeof offset === 'string' ? [{ topic, partition, offset }] : [];
    });
  }

  /**
   * Records that everything before `offset` has had its effects; never moves
   * an offset back. Given the offset the batch started at, stores nothing
   * when the stored offset is before it and returns that stored offset: this
   * Redis lost the effects in between (restarted from an AOF behind, or a
   * cluster replica promoted behind its master), and they must be read again.
   */
  async store(position: ConsumedOffset & { startOffset?: string }): Promise<{ behindAt?: string }> {
    const [outcome, stored] = await this.redis.escalationStoreOffset(
      this.keys.consumedOffsets(),
      fieldOf(position.topic, position.partition),
      position.offset,
      position.startOffset ?? '',
    );
    return outcome === 'behind' && stored !== undefined ? { behindAt: stored } : {};
  }

  /** The stored offset of one partition when it is before `startOffset` (effects lost in between), else undefined. */
  async behind(position: {
    topic: string;
    partition: number;
    startOffset: string;
  }): Promise<string | undefined> {
    const stored = await this.redis.hget(
      this.keys.consumedOffsets(),
      fieldOf(position.topic, position.partition),
    );
    return stored !== null && BigInt(stored) < BigInt(position.startOffset) ? stored : undefined;
  }
}

const fieldOf = (topic: string, partition: number) => `${topic}/${partition}`;
