/** Edit distance (insertions, deletions, substitutions) between two short names. */
function distance(a: string, b: string): number {
  let previous = Array.from({ length: b.length + 1 }, (_, j) => j);
  for (let i = 1; i <= a.length; i++) {
    const current = [i];
    for (let j = 1; j <= b.length; j++) {
      const substitution = previous[j - 1]! + (a[i - 1] === b[j - 1] ? 0 : 1);
      current.push(Math.min(previous[j]! + 1, current[j - 1]! + 1, substitution));
    }
    previous = current;
  }
  return previous[b.length]!;
}

/**
 * The allowed name a typo most likely meant (`dispatch.pickedup` →
 * `dispatch.picked_up`), or undefined when none is close: at most a third of
 * the name's characters differ.
 */
export function closestName(found: string, allowed: ReadonlyArray<string>): string | undefined {
  let best: { name: string; distance: number } | undefined;
  for (const name of allowed) {
    const d = distance(found.toLowerCase(), name.toLowerCase());
    if (!best || d < best.distance) best = { name, distance: d };
  }
  if (!best || best.distance === 0 || best.distance > Math.max(1, Math.floor(found.length / 3)))
    return undefined;
  return best.name;
}

/** `expected one of a, b, c, got "x" (did you mean "a"?)`: the message for a name that is not allowed. */
export function notOneOf(found: unknown, allowed: ReadonlyArray<string>, got: string): string {
  const suggestion = typeof found === 'string' ? closestName(found, allowed) : undefined;
  return (
    `expected one of ${allowed.join(', ')}, got ${got}` +
    (suggestion ? ` (did you mean "${suggestion}"?)` : '')
  );
}
