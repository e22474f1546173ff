/**
 * A batch's waybills as one binary argument of load.lua, and its reply as
 * one string, instead of two arguments and one reply per waybill: the
 * client builds and parses one bulk string, not thousands (as commit.lua's
 * writes, packed-writes.ts).
 *
 * Request, per waybill, big-endian: the index of its bucket key in KEYS
 * (u32), its length (u32) and its bytes. Reply, per waybill in the same
 * order: the stored value's length (i32, -1 when there is none) and bytes.
 */
export interface PackedWaybill {
  /** 1-based index of the waybill's bucket hash in the script's KEYS. */
  keyIndex: number;
  waybill: string;
}

const LENGTH_BYTES = 4;

export function packWaybills(waybills: ReadonlyArray<PackedWaybill>): Buffer {
  let size = 0;
  for (const { waybill } of waybills) size += 2 * LENGTH_BYTES + Buffer.byteLength(waybill);
  const packed = Buffer.allocUnsafe(size);
  let at = 0;
  for (const { keyIndex, waybill } of waybills) {
    at = packed.writeUInt32BE(keyIndex, at);
    const length = packed.write(waybill, at + LENGTH_BYTES);
    packed.writeUInt32BE(length, at);
    at += LENGTH_BYTES + length;
  }
  return packed;
}

/** The stored values of load.lua's reply, in request order; undefined where a waybill has none. */
export function unpackValues(reply: Buffer, count: number): Array<Buffer | undefined> {
  const values: Array<Buffer | undefined> = [];
  let at = 0;
  for (let i = 0; i < count; i++) {
    const length = reply.readInt32BE(at);
    at += LENGTH_BYTES;
    if (length < 0) {
      values.push(undefined);
      continue;
    }
    values.push(reply.subarray(at, at + length));
    at += length;
  }
  if (at !== reply.length)
    throw new Error(`load.lua replied ${reply.length} bytes, ${at} expected for ${count} waybills`);
  return values;
}
