/*
 * JSON laid out the way the repository's formatter (biome) lays it out, so
 * that `biome check .` accepts generated files as they are and formatting the
 * repository never makes them look stale: objects one member per line, arrays
 * of plain values on one line when that line fits, otherwise one per line.
 */

const LINE_WIDTH = 110;
const INDENT = '  ';

function isPlain(value: unknown): boolean {
  return value === null || typeof value !== 'object';
}

function renderValue(value: unknown, indent: string, prefixWidth: number): string {
  if (isPlain(value)) return JSON.stringify(value);
  const inner = indent + INDENT;
  if (Array.isArray(value)) {
    if (value.length === 0) return '[]';
    if (value.every(isPlain)) {
      const flat = `[${value.map((item) => JSON.stringify(item)).join(', ')}]`;
      // The trailing comma a following member would add counts against the width too.
      if (prefixWidth + flat.length + 1 <= LINE_WIDTH) return flat;
    }
    const items = value.map((item) => inner + renderValue(item, inner, inner.length));
    return `[\n${items.join(',\n')}\n${indent}]`;
  }
  const entries = Object.entries(value as Record<string, unknown>).filter(([, item]) => item !== undefined);
  if (entries.length === 0) return '{}';
  const members = entries.map(([key, item]) => {
    const head = `${inner}${JSON.stringify(key)}: `;
    return head + renderValue(item, inner, head.length);
  });
  return `{\n${members.join(',\n')}\n${indent}}`;
}

export function renderJson(value: unknown): string {
  return `${renderValue(value, '', 0)}\n`;
}
