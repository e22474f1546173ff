import type { Redis } from 'ioredis';
import { type StoreCommands, withStoreCommands } from './commands.js';
import { Keys } from './keys.js';

export interface ShipmentWrite {
  waybill: string;
  /** The value read before evaluating; the write applies only if it is still there. */
  expected: Buffer | undefined;
  /** The new value, encoded (`encodeStored`); undefined deletes the shipment (retention over). */
  next: Buffer | undefined;
}

export interface CommitResult {
  /** Waybills another writer changed since they were read: nothing was written. */
  conflicts: string[];
}

/** A record for the breaches topic, written to the outbox with the states that caused it. */
export interface OutboxRecord {
  /** The record key (the waybill), stored beside the value so the relay need not parse the value. */
  key: string | null;
  value: string;
}

export interface OutboxEntry extends OutboxRecord {
  id: string;
}

export interface DueClaim {
  nowMs: number;
  /** How long the claimed buckets stay the claimer's; a crashed claimer's come back after it. */
  leaseMs: number;
  /** The most buckets to claim. */
  limit: number;
}

export interface DueBucket {
  bucket: number;
  /** The bucket's shipments that are due, by waybill. */
  shipments: Map<string, Buffer>;
}

/**
 * Per-shipment state, the deadline index and the breach outbox of one
 * Redis (see keys.ts for the layout). Two round trips per batch: one to
 * load, one script to commit.
 */
export class ShipmentStore {
  private readonly redis: Redis & StoreCommands;
  readonly keys: Keys;

  constructor(redis: Redis, options: { prefix: string; buckets: number }) {
    this.redis = withStoreCommands(redis);
    this.keys = new Keys(options.prefix, options.buckets);
  }

  /** The raw stored values of these waybills (undefined when new); one pipelined round trip. */
  async load(partition: number, waybills: string[]): Promise<Map<string, Buffer | undefined>> {
    const pipeline = this.redis.pipeline();
    for (const waybill of waybills) {
      pipeline.hgetBuffer(this.keys.bucket(partition, this.keys.bucketOf(waybill)), waybill);
    }
    const replies = (await pipeline.exec()) ?? [];
    const out = new Map<string, Buffer | undefined>();
    waybills.forEach((waybill, i) => {
      const [error, value] = replies[i] ?? [new Error('no reply'), null];
      if (error) throw error;
      out.set(waybill, (value as Buffer | null) ?? undefined);
    });
    return out;
  }

  /**
   * Writes new states and appends breach changes to the outbox in one
   * atomic script: either the states and the breaches they caused are both
   * stored, or neither is.
   */
  async commit(partition: number, writes: ShipmentWrite[], outbox: OutboxRecord[]): Promise<CommitResult> {
    if (writes.length === 0 && outbox.length === 0) return { conflicts: [] };
    const keys: string[] = [this.keys.due(partition), this.keys.outbox(partition)];
    const args: Array<string | Buffer> = [String(writes.length)];
    for (const write of writes) {
      const bucket = this.keys.bucketOf(write.waybill);
      keys.push(this.keys.bucket(partition, bucket));
      args.push(write.waybill, String(bucket), write.expected ?? '', write.next ?? '');
    }
    for (const record of outbox) args.push(record.key ?? '', record.value);
    const conflicts = await this.redis.slawatchCommit(keys.length, ...keys, ...args);
    return { conflicts };
  }

  /**
   * Claims up to `limit` buckets with a deadline due at `nowMs` for `leaseMs`,
   * and reads the shipments in them that are due (not whole buckets).
   */
  async claimDue(partition: number, claim: DueClaim): Promise<DueBucket[]> {
    const { nowMs, leaseMs, limit } = claim;
    const claimed = await this.redis.slawatchClaimDue(
      this.keys.due(partition),
      nowMs,
      nowMs + leaseMs,
      limit,
    );
    if (claimed.length === 0) return [];
    const buckets: DueBucket[] = [];
    for (let i = 0; i < claimed.length; i += 2)
      buckets.push({ bucket: Number(claimed[i]), shipments: new Map() });
    const keys = buckets.map((b) => this.keys.bucket(partition, b.bucket));
    const due = await this.redis.slawatchDueEntriesBuffer(keys.length, ...keys, nowMs);
    for (let i = 0; i < due.length; i += 3) {
      const bucket = buckets[Number(due[i]) - 1]!;
      bucket.shipments.set(String(due[i + 1]), due[i + 2] as Buffer);
    }
    return buckets;
  }

  /** Re-indexes buckets by their earliest next due time after their due shipments were handled; one round trip. */
  async settle(partition: number, buckets: number[]): Promise<void> {
    if (buckets.length === 0) return;
    const pipeline = this.redis.pipeline() as unknown as StoreCommands & {
      exec(): Promise<Array<[Error | null, unknown]> | null>;
    };
    for (const bucket of buckets) {
      pipeline.slawatchSettle(this.keys.due(partition), this.keys.bucket(partition, bucket), String(bucket));
    }
    for (const [error] of (await pipeline.exec()) ?? []) if (error) throw error;
  }

  /** Breach changes written but not yet published, oldest first. */
  async readOutbox(partition: number, limit: number): Promise<OutboxEntry[]> {
    const entries = await this.redis.xrange(this.keys.outbox(partition), '-', '+', 'COUNT', limit);
    return entries.map(([id, fields]) => outboxEntry(id, fields));
  }

  async removeFromOutbox(partition: number, ids: string[]): Promise<void> {
    if (ids.length > 0) await this.redis.xdel(this.keys.outbox(partition), ...ids);
  }

  /** Number of buckets with a pending deadline and the earliest due time, for metrics. */
  async dueSummary(partition: number): Promise<{ buckets: number; earliestMs: number | undefined }> {
    const key = this.keys.due(partition);
    const [count, first] = await Promise.all([
      this.redis.zcard(key),
      this.redis.zrange(key, 0, 0, 'WITHSCORES'),
    ]);
    return { buckets: count, earliestMs: first[1] === undefined ? undefined : Number(first[1]) };
  }
}

/**
 * An outbox entry is `value, <record value>, key, <record key>`. Entries
 * written before keys were stored hold only `c, <record value>`: a breach
 * change, keyed by its waybill. Those are read here, so that an outbox left
 * by an older monitor is still published after an upgrade.
 */
function outboxEntry(id: string, fields: string[]): OutboxEntry {
  const [name, value = '', , key] = fields;
  if (name === 'value') return { id, key: key ? key : null, value };
  const waybill: unknown = (JSON.parse(value) as { waybill?: unknown }).waybill;
  return { id, key: typeof waybill === 'string' ? waybill : null, value };
}
