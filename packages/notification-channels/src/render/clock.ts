// Staff read times on the carrier's clock. China has one time zone and no
// daylight saving, so a fixed +8 h offset is exact.
const CHINA_OFFSET_MS = 8 * 60 * 60 * 1000;

/** `2026-11-29T10:00:00Z` → `2026-11-29 18:00 (UTC+8)`. */
export function chinaTime(instant: string): string {
  const ms = Date.parse(instant);
  if (Number.isNaN(ms)) return instant;
  const shifted = new Date(ms + CHINA_OFFSET_MS).toISOString();
  return `${shifted.slice(0, 10)} ${shifted.slice(11, 16)} (UTC+8)`;
}

/** A span within one day is written once: `2026-11-29 18:00–18:30 (UTC+8)`. */
export function chinaTimeSpan(start: string, end: string): string {
  const from = chinaTime(start);
  const to = chinaTime(end);
  if (from.slice(0, 10) === to.slice(0, 10) && from.endsWith('(UTC+8)') && to.endsWith('(UTC+8)')) {
    return `${from.slice(0, 16)}–${to.slice(11)}`;
  }
  return `${from} – ${to}`;
}
