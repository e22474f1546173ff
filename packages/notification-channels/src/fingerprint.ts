const FNV_OFFSET_BASIS = 0xcbf29ce484222325n;
const FNV_PRIME = 0x100000001b3n;
const MASK_64 = 0xffffffffffffffffn;
// Prometheus separates label names and values with a byte that is never valid UTF-8.
const SEPARATOR_BYTE = 0xff;

function addBytes(hash: bigint, bytes: Iterable<number>): bigint {
  let sum = hash;
  for (const byte of bytes) {
    sum ^= BigInt(byte);
    sum = (sum * FNV_PRIME) & MASK_64;
  }
  return sum;
}

/** 64-bit FNV-1a of the given bytes, as 16 hex digits. */
export function fnv1a64(bytes: Uint8Array): string {
  return addBytes(FNV_OFFSET_BASIS, bytes).toString(16).padStart(16, '0');
}

/**
 * The fingerprint Alertmanager computes for a label set (FNV-1a over the
 * sorted names and values, each followed by the separator byte), so a
 * receiver that deduplicates by fingerprint sees the values it expects.
 */
export function labelSetFingerprint(labels: Record<string, string>): string {
  const encoder = new TextEncoder();
  let hash = FNV_OFFSET_BASIS;
  for (const name of Object.keys(labels).sort()) {
    hash = addBytes(hash, encoder.encode(name));
    hash = addBytes(hash, [SEPARATOR_BYTE]);
    hash = addBytes(hash, encoder.encode(labels[name]));
    hash = addBytes(hash, [SEPARATOR_BYTE]);
  }
  return hash.toString(16).padStart(16, '0');
}
