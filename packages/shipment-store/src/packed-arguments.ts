/**
 * A batch as one binary argument of a Lua script, and load.lua's reply as
 * one string, instead of several arguments and a reply per shipment: the
 * client builds and parses one bulk string per batch, not thousands.
 * Measured with ioredis on a batch of 2,700 writes, the client's cost per
 * write halved (about 4 → 2 µs); Redis's stayed the same.
 *
 * Big-endian throughout; every string is length-prefixed (u32), as the
 * scripts' `struct.unpack` formats (`I4c0`) read them. Key indexes are
 * 1-based into the script's KEYS, where each bucket hash appears once.
 */
const LENGTH_BYTES = 4;

/** One shipment write of commit.lua. */
export interface PackedWrite {
  keyIndex: number;
  waybill: string;
  bucket: string;
  /** The value read before evaluating ('' = absent). */
  expected: Buffer | undefined;
  /** The new value ('' = delete). */
  next: Buffer | undefined;
}

/** One waybill to read by load.lua. */
export interface PackedWaybill {
  keyIndex: number;
  waybill: string;
}

/** commit.lua's writes: per write its key index (u32), waybill, bucket id, expected and new value. */
export function packWrites(writes: ReadonlyArray<PackedWrite>): Buffer {
  let size = 0;
  for (const write of writes) {
    size += 5 * LENGTH_BYTES + Buffer.byteLength(write.waybill) + Buffer.byteLength(write.bucket);
    size += (write.expected?.length ?? 0) + (write.next?.length ?? 0);
  }
  const packed = Buffer.allocUnsafe(size);
  let at = 0;
  for (const write of writes) {
    at = packed.writeUInt32BE(write.keyIndex, at);
    at = text(packed, at, write.waybill);
    at = text(packed, at, write.bucket);
    at = bytes(packed, at, write.expected);
    at = bytes(packed, at, write.next);
  }
  return packed;
}

/** load.lua's waybills: per waybill its key index (u32) and the waybill. */
export function packWaybills(waybills: ReadonlyArray<PackedWaybill>): Buffer {
  let size = 0;
  for (const { waybill } of waybills) size += 2 * LENGTH_BYTES + Buffer.byteLength(waybill);
  const packed = Buffer.allocUnsafe(size);
  let at = 0;
  for (const { keyIndex, waybill } of waybills) {
    at = packed.writeUInt32BE(keyIndex, at);
    at = text(packed, at, waybill);
  }
  return packed;
}

/**
 * The stored values of load.lua's reply (per waybill, in request order, the
 * value's length as an i32, -1 when there is none, and its bytes); undefined
 * where a waybill has none.
 */
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

function text(packed: Buffer, at: number, value: string): number {
  const length = packed.write(value, at + LENGTH_BYTES);
  packed.writeUInt32BE(length, at);
  return at + LENGTH_BYTES + length;
}

function bytes(packed: Buffer, at: number, value: Buffer | undefined): number {
  const length = value?.length ?? 0;
  packed.writeUInt32BE(length, at);
  if (value) value.copy(packed, at + LENGTH_BYTES);
  return at + LENGTH_BYTES + length;
}
