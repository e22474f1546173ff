const SHANGHAI_OFFSET_MS = 8 * 3_600_000;

/** RFC 3339 in China Standard Time (+08:00), as upstream systems in China write it. */
export function shanghaiTime(epochMs: number): string {
  return new Date(epochMs + SHANGHAI_OFFSET_MS).toISOString().replace('Z', '+08:00');
}
