/**
 * A stored shipment: 6 bytes of next due time (big-endian epoch ms, 0 when
 * nothing is pending) followed by the evaluation's encoded state. The due
 * time sits in front so the Lua scripts can index a bucket without knowing
 * the state's encoding.
 */
export interface StoredShipment {
  nextDueMs: number;
  state: Buffer;
}

/** Bytes of the next due time, in front of the state: where the state starts. */
export const NEXT_DUE_BYTES = 6;

export function encodeStored(shipment: StoredShipment): Buffer {
  const out = Buffer.allocUnsafe(NEXT_DUE_BYTES + shipment.state.length);
  writeNextDue(out, shipment.nextDueMs);
  shipment.state.copy(out, NEXT_DUE_BYTES);
  return out;
}

/**
 * Fills in the next due time of a value whose state was encoded behind
 * NEXT_DUE_BYTES left free: the same bytes as `encodeStored`, without the
 * state's copy. Returns the value.
 */
export function writeNextDue(value: Buffer, nextDueMs: number): Buffer {
  value.writeUIntBE(Math.max(0, Math.trunc(nextDueMs)), 0, NEXT_DUE_BYTES);
  return value;
}

export function readNextDue(value: Buffer): number {
  return value.readUIntBE(0, NEXT_DUE_BYTES);
}

export function decodeStored(value: Buffer): StoredShipment {
  return { nextDueMs: readNextDue(value), state: value.subarray(NEXT_DUE_BYTES) };
}
