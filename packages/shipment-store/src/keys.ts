/**
 * Key layout. Every key of one input partition carries the hash tag
 * `{p<partition>}`, so in a Redis Cluster they live in one slot and one Lua
 * script can commit a whole batch of that partition atomically. Spread over
 * a cluster comes from the partition count (use more partitions than nodes).
 *
 *   <prefix>{p3}:s:<bucket>  hash  waybill -> stored value (state with its next due time)
 *   <prefix>{p3}:due         zset  bucket  -> earliest next-due ms of the bucket
 *   <prefix>{p3}:outbox      stream breach changes written with the state, not yet on Kafka
 *                            (each entry: value, then its record key)
 *   <prefix>{p3}:offsets     hash   input topic -> next offset of partition 3 whose effects
 *                            are in the state (written by the same script as the state)
 *
 * Shipments are grouped into buckets of about a hundred so each bucket hash
 * stays in Redis's compact listpack encoding: a shipment then costs its
 * waybill, its value and a few bytes, instead of a key of its own (~60 bytes
 * of overhead) plus a sorted-set member per deadline (~100 bytes).
 */
export class Keys {
  constructor(
    private readonly prefix: string,
    readonly buckets: number,
  ) {}

  bucketOf(waybill: string): number {
    // FNV-1a: cheap, stable across processes and versions.
    let hash = 0x811c9dc5;
    for (let i = 0; i < waybill.length; i++) {
      hash ^= waybill.charCodeAt(i);
      hash = Math.imul(hash, 0x01000193);
    }
    return (hash >>> 0) % this.buckets;
  }

  bucket(partition: number, bucket: number): string {
    return `${this.prefix}{p${partition}}:s:${bucket}`;
  }

  due(partition: number): string {
    return `${this.prefix}{p${partition}}:due`;
  }

  offsets(partition: number): string {
    return `${this.prefix}{p${partition}}:offsets`;
  }

  attainment(partition: number, day: string): string {
    return `${this.prefix}{p${partition}}:attainment:${day}`;
  }

  outbox(partition: number): string {
    return `${this.prefix}{p${partition}}:outbox`;
  }
}
