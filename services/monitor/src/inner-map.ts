/**
 * The map kept under `key`, made empty on first use: for counts and caches
 * keyed by several labels in turn, with no key string built per lookup. No
 * factory argument, so a call on the hot path allocates nothing once the
 * map exists.
 */
export function innerMap<K, L, V>(outer: Map<K, Map<L, V>>, key: K): Map<L, V> {
  let inner = outer.get(key);
  if (!inner) {
    inner = new Map();
    outer.set(key, inner);
  }
  return inner;
}
