import { type Document, isMap, isNode, isSeq, type LineCounter } from 'yaml';

/** `standards[3].rule.limits[0].when` → `['standards', 3, 'rule', 'limits', 0, 'when']`. */
export function parsePath(path: string): PropertyKey[] {
  if (path === '(root)') return [];
  const parts: PropertyKey[] = [];
  for (const match of path.matchAll(/([^.[\]]+)|\[(\d+)\]/g)) {
    parts.push(match[2] !== undefined ? Number(match[2]) : match[1]!);
  }
  return parts;
}

/**
 * The line (1-based) where `path` is written in the YAML document: the key
 * of a mapping entry, the item of a sequence. A path that is not in the file
 * (a missing field) is located at its nearest written parent.
 */
export function lineOf(
  document: Document,
  lines: LineCounter,
  path: ReadonlyArray<PropertyKey>,
): number | undefined {
  let node: unknown = document.contents;
  let offset = isNode(node) ? node.range?.[0] : undefined;
  for (const part of path) {
    if (isMap(node)) {
      const pair = node.items.find(
        (item) =>
          String(isNode(item.key) ? (item.key as { value?: unknown }).value : item.key) === String(part),
      );
      if (!pair) break;
      offset = isNode(pair.key) ? pair.key.range?.[0] : offset;
      node = pair.value;
    } else if (isSeq(node) && typeof part === 'number') {
      const item = node.items[part];
      if (!isNode(item)) break;
      offset = item.range?.[0] ?? offset;
      node = item;
    } else break;
  }
  return offset === undefined ? undefined : lines.linePos(offset).line;
}
