/**
 * 32-bit FNV-1a of an event id. The state keeps only this to recognise
 * duplicates: four bytes per event instead of the id, at a collision chance of
 * about n²/2³³ per shipment (≈1e-8 for ten events).
 */
export function hashEventId(id: string): number {
  let hash = 0x811c9dc5;
  for (let i = 0; i < id.length; i++) {
    hash ^= id.charCodeAt(i);
    hash = Math.imul(hash, 0x01000193);
  }
  return hash >>> 0;
}
