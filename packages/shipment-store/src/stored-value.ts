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

export function encodeStored(shipment: StoredShipment): Buffer {
  const out = Buffer.allocUnsafe(6 + shipment.state.length);
  out.writeUIntBE(Math.max(0, Math.trunc(shipment.nextDueMs)), 0, 6);
  shipment.state.copy(out, 6);
  return out;
}

export function decodeStored(value: Buffer): StoredShipment {
  return { nextDueMs: value.readUIntBE(0, 6), state: value.subarray(6) };
}
