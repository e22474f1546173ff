import type { Redis } from '@slawatch/redis';
import { type StoreCommands, withStoreCommands } from './commands.js';
import { Keys } from './keys.js';
import {
  type PackedWaybill,
  type PackedWrite,
  packWaybills,
  packWrites,
  unpackValues,
} from './packed-arguments.js';

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
  /**
   * Set when the stored offset of the batch's input partition is before the
   * batch's start: this Redis lost writes (restarted from an older AOF), so
   * nothing was written and the input must be read again from here.
   */
  behindAt?: string;
}

/** Where a batch of one input topic-partition starts and ends, stored with its effects. */
export interface InputPosition {
  topic: string;
  /** The offset the batch was read from. */
  startOffset: string;
  /** The offset after its last record. */
  nextOffset: string;
}

/**
 * Counts to add to one order day's attainment hash of the partition, in the
 * same script as the states they were derived from.
 */
export interface AttainmentIncrement {
  /** `YYYY-MM-DD`, local. */
  day: string;
  /** When the day's hash expires (epoch seconds): the end of its retention. */
  expireAtSeconds: number;
  /** Field (see AttainmentCounts.field) → amount, possibly negative. */
  increments: Map<string, number>;
}

/** A stored next offset of one input topic-partition. */
export interface StoredOffset {
  topic: string;
  partition: number;
  offset: string;
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
  /** Deadlines due at or before this time are claimed (the monitor's judgement horizon, not always the wall clock). */
  dueByMs: number;
  /** Until when the claimed buckets stay the claimer's; a crashed claimer's come back after it. */
  leaseUntilMs: number;
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

  /**
   * The 1-based index in a script's KEYS of a bucket's hash, appended to
   * `keys` on the bucket's first use: one key per bucket, however many of
   * its shipments the batch reads or writes.
   */
  private bucketKeyIndexes(partition: number, keys: string[]): (bucket: number) => number {
    const indexes = new Map<number, number>();
    return (bucket) => {
      let index = indexes.get(bucket);
      if (index === undefined) {
        index = keys.push(this.keys.bucket(partition, bucket));
        indexes.set(bucket, index);
      }
      return index;
    };
  }

  /** The raw stored values of these waybills (undefined when new); one script call (load.lua). */
  async load(partition: number, waybills: string[]): Promise<Map<string, Buffer | undefined>> {
    const out = new Map<string, Buffer | undefined>();
    if (waybills.length === 0) return out;
    const keys: string[] = [];
    const keyIndexOf = this.bucketKeyIndexes(partition, keys);
    const packed: PackedWaybill[] = waybills.map((waybill) => ({
      keyIndex: keyIndexOf(this.keys.bucketOf(waybill)),
      waybill,
    }));
    const reply = await this.redis.slawatchLoadBuffer(keys.length, ...keys, packWaybills(packed));
    const values = unpackValues(reply, waybills.length);
    waybills.forEach((waybill, i) => {
      out.set(waybill, values[i]);
    });
    return out;
  }

  /**
   * Writes new states, appends breach changes to the outbox and records the
   * input position the batch ends at, in one atomic script: the states, the
   * breaches they caused and the offset to continue from are all stored, or
   * none is. So a Redis that restarts from an older AOF has an offset that
   * matches its state, and the consumer reads again exactly what it lost.
   */
  async commit(
    partition: number,
    writes: ShipmentWrite[],
    outbox: OutboxRecord[],
    position?: InputPosition,
    attainment: AttainmentIncrement[] = [],
  ): Promise<CommitResult> {
    if (writes.length === 0 && outbox.length === 0 && !position) return { conflicts: [] };
    const keys: string[] = [
      this.keys.due(partition),
      this.keys.outbox(partition),
      this.keys.offsets(partition),
    ];
    const keyIndexOf = this.bucketKeyIndexes(partition, keys);
    const packed: PackedWrite[] = writes.map(({ waybill, expected, next }) => {
      const bucket = this.keys.bucketOf(waybill);
      return { keyIndex: keyIndexOf(bucket), waybill, bucket: String(bucket), expected, next };
    });
    const args: Array<string | Buffer> = [
      String(writes.length),
      position?.topic ?? '',
      position?.startOffset ?? '',
      position?.nextOffset ?? '',
      // The bucket keys follow the three fixed ones.
      String(keys.length - 3),
      packWrites(packed),
    ];
    for (const record of outbox) args.push(record.key ?? '', record.value);
    for (const day of attainment) {
      keys.push(this.keys.attainment(partition, day.day));
      args.push(attainmentSpec(day));
    }
    const [status, ...rest] = await this.redis.slawatchCommit(keys.length, ...keys, ...args);
    if (status === 'behind') return { conflicts: [], behindAt: rest[0]! };
    return { conflicts: status === 'conflict' ? rest : [] };
  }

  /**
   * The stored next offsets of these input partitions (absent for a partition
   * this Redis has never seen): one HMGET per partition, sent together. Not one
   * pipeline: in a Redis Cluster each partition's key may be on another node.
   */
  async offsets(assignment: Record<string, number[]>): Promise<StoredOffset[]> {
    const topicsOf = new Map<number, string[]>();
    for (const [topic, partitions] of Object.entries(assignment))
      for (const partition of partitions)
        topicsOf.set(partition, [...(topicsOf.get(partition) ?? []), topic]);
    const replies = await Promise.all(
      [...topicsOf].map(async ([partition, topics]) => {
        const offsets = await this.redis.hmget(this.keys.offsets(partition), ...topics);
        return topics.flatMap((topic, i) => {
          const offset = offsets[i];
          return typeof offset === 'string' ? [{ topic, partition, offset }] : [];
        });
      }),
    );
    return replies.flat();
  }

  /**
   * Claims up to `limit` buckets with a deadline due by `dueByMs` until
   * `leaseUntilMs`, and reads the shipments in them that are due (not whole buckets).
   */
  async claimDue(partition: number, claim: DueClaim): Promise<DueBucket[]> {
    const { dueByMs, leaseUntilMs, limit } = claim;
    const claimed = await this.redis.slawatchClaimDue(this.keys.due(partition), dueByMs, leaseUntilMs, limit);
    if (claimed.length === 0) return [];
    const buckets: DueBucket[] = [];
    for (let i = 0; i < claimed.length; i += 2)
      buckets.push({ bucket: Number(claimed[i]), shipments: new Map() });
    const keys = buckets.map((b) => this.keys.bucket(partition, b.bucket));
    const due = await this.redis.slawatchDueEntriesBuffer(keys.length, ...keys, dueByMs);
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

  /**
   * Number of buckets with a pending deadline, the earliest due time, and
   * (given `heldAfterMs`) how many buckets are due by `nowMs` but after that
   * time: deadlines the monitor holds until it has read their evidence. For metrics.
   */
  async dueSummary(
    partition: number,
    held?: { heldAfterMs: number; nowMs: number },
  ): Promise<{ buckets: number; earliestMs: number | undefined; heldBuckets: number }> {
    const key = this.keys.due(partition);
    const [count, first, heldBuckets] = await Promise.all([
      this.redis.zcard(key),
      this.redis.zrange(key, 0, 0, 'WITHSCORES'),
      held && held.nowMs > held.heldAfterMs
        ? this.redis.zcount(key, `(${held.heldAfterMs}`, held.nowMs)
        : Promise.resolve(0),
    ]);
    return { buckets: count, earliestMs: first[1] === undefined ? undefined : Number(first[1]), heldBuckets };
  }
}

/** `expireAt field delta ...`, as commit.lua reads it; fields never hold spaces (names are lower_snake_case). */
function attainmentSpec(day: AttainmentIncrement): string {
  const parts = [String(day.expireAtSeconds)];
  for (const [field, delta] of day.increments) if (delta !== 0) parts.push(field, String(delta));
  return parts.join(' ');
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
