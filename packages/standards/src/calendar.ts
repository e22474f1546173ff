const DAY_MS = 86_400_000;

const formatters = new Map<string, Intl.DateTimeFormat>();

function formatterFor(timeZone: string): Intl.DateTimeFormat {
  let formatter = formatters.get(timeZone);
  if (!formatter) {
    formatter = new Intl.DateTimeFormat('en-US', {
      timeZone,
      hourCycle: 'h23',
      year: 'numeric',
      month: 'numeric',
      day: 'numeric',
      hour: 'numeric',
      minute: 'numeric',
      second: 'numeric',
    });
    formatters.set(timeZone, formatter);
  }
  return formatter;
}

/** True when the runtime knows the IANA time zone name. */
export function isKnownTimeZone(timeZone: string): boolean {
  try {
    formatterFor(timeZone);
    return true;
  } catch {
    return false;
  }
}

const QUARTER_HOUR_MS = 900_000;
/** By zone, then by quarter hour since the epoch: numeric keys, no string built per lookup. */
const offsetCache = new Map<string, Map<number, number>>();
const OFFSETS_KEPT_PER_ZONE = 50_000;
let lastZone: string | undefined;
let lastZoneOffsets: Map<number, number> | undefined;

/**
 * Offset of the zone from UTC at an instant, in ms (Asia/Shanghai: +8 h).
 * Generic, so zones with DST work too. Offsets change only on quarter-hour
 * boundaries in every real zone, so one lookup per zone and quarter hour is
 * cached: Intl formatting is the costliest step of evaluating an event.
 */
export function zoneOffsetMs(timeZone: string, instantMs: number): number {
  // A monitor judges in one zone: the last one's cache is at hand without a lookup by name.
  let zone = timeZone === lastZone ? lastZoneOffsets : offsetCache.get(timeZone);
  if (!zone) {
    zone = new Map();
    offsetCache.set(timeZone, zone);
  }
  lastZone = timeZone;
  lastZoneOffsets = zone;
  const quarter = Math.floor(instantMs / QUARTER_HOUR_MS);
  const cached = zone.get(quarter);
  if (cached !== undefined) return cached;
  const offset = computeZoneOffsetMs(timeZone, instantMs);
  if (zone.size > OFFSETS_KEPT_PER_ZONE) zone.clear();
  zone.set(quarter, offset);
  return offset;
}

function computeZoneOffsetMs(timeZone: string, instantMs: number): number {
  const parts: Record<string, number> = {};
  for (const part of formatterFor(timeZone).formatToParts(new Date(instantMs))) {
    if (part.type !== 'literal') parts[part.type] = Number(part.value);
  }
  const wallAsUtc = Date.UTC(
    parts['year']!,
    parts['month']! - 1,
    parts['day']!,
    parts['hour']!,
    parts['minute']!,
    parts['second']!,
  );
  return wallAsUtc - (instantMs - (((instantMs % 1000) + 1000) % 1000));
}

/** The local calendar day of an instant as a day number (days since 1970-01-01 in local time). */
export function localDay(timeZone: string, instantMs: number): number {
  return Math.floor((instantMs + zoneOffsetMs(timeZone, instantMs)) / DAY_MS);
}

/** Local milliseconds since midnight of an instant. */
export function localTimeOfDayMs(timeZone: string, instantMs: number): number {
  const local = instantMs + zoneOffsetMs(timeZone, instantMs);
  return ((local % DAY_MS) + DAY_MS) % DAY_MS;
}

/** The UTC instant of local midnight starting a local day number. */
export function localMidnight(timeZone: string, day: number): number {
  const wall = day * DAY_MS;
  // Two rounds settle the offset even when midnight sits next to a DST change.
  let guess = wall - zoneOffsetMs(timeZone, wall);
  guess = wall - zoneOffsetMs(timeZone, guess);
  return guess;
}

/**
 * The last millisecond of local day D+`days`, where D is the business day of `startMs`:
 * its local date, or the next date when it falls at or after the daily cut-off.
 */
export function endOfBusinessDay(timeZone: string, cutoffMs: number, startMs: number, days: number): number {
  const afterCutoff = localTimeOfDayMs(timeZone, startMs) >= cutoffMs;
  const businessDay = localDay(timeZone, startMs) + (afterCutoff ? 1 : 0);
  return localMidnight(timeZone, businessDay + days + 1) - 1;
}
