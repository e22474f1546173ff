/**
 * RFC 3339 date-time with a mandatory UTC offset (`Z` or `±hh:mm`), seconds
 * required, fraction optional. Upper-case `T`/`Z` only and no leap second:
 * stricter than RFC 3339 allows, so that every value we accept is also read
 * identically by JavaScript, Java and Go parsers upstream.
 */
export const RFC3339_PATTERN =
  /^(\d{4})-(0[1-9]|1[0-2])-(0[1-9]|[12]\d|3[01])T([01]\d|2[0-3]):([0-5]\d):([0-5]\d)(\.\d{1,9})?(Z|([+-])([01]\d|2[0-3]):([0-5]\d))$/;

/** 146,097 days: the Gregorian calendar repeats exactly every 400 years. */
const FOUR_CENTURIES_MS = 146_097 * 86_400_000;

const DAYS_IN_MONTH = [31, 28, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31];

function isLeapYear(year: number): boolean {
  return (year % 4 === 0 && year % 100 !== 0) || year % 400 === 0;
}

/**
 * Milliseconds since the epoch of an RFC 3339 time with offset, or NaN when the
 * text is not one (wrong shape, or a day the month does not have). Computed by
 * hand rather than with Date.parse, whose accepted formats vary by engine.
 */
export function timestampMilliseconds(text: string): number {
  // The envelope's check and the evaluation both read an event's time: the second read is free.
  if (text === lastText) return lastMs;
  const ms = computeMilliseconds(text);
  lastText = text;
  lastMs = ms;
  return ms;
}

let lastText: string | undefined;
let lastMs = Number.NaN;

function computeMilliseconds(text: string): number {
  const match = RFC3339_PATTERN.exec(text);
  if (match === null) return Number.NaN;
  const year = Number(match[1]);
  const month = Number(match[2]);
  const day = Number(match[3]);
  const daysInMonth = month === 2 && isLeapYear(year) ? 29 : (DAYS_IN_MONTH[month - 1] ?? 0);
  if (day > daysInMonth) return Number.NaN;
  // Sub-millisecond digits are kept in the text but cannot be represented in a JS time.
  const milliseconds = match[7] === undefined ? 0 : Number(`${match[7]}00`.slice(1, 4));
  const hours = Number(match[4]);
  const minutes = Number(match[5]);
  const seconds = Number(match[6]);
  // Date.UTC reads years 0-99 as 1900-1999; shift by one 400-year Gregorian cycle and back.
  const local =
    year < 100
      ? Date.UTC(year + 400, month - 1, day, hours, minutes, seconds, milliseconds) - FOUR_CENTURIES_MS
      : Date.UTC(year, month - 1, day, hours, minutes, seconds, milliseconds);
  if (match[8] === 'Z') return local;
  const offsetMinutes = Number(match[10]) * 60 + Number(match[11]);
  return match[9] === '-' ? local + offsetMinutes * 60_000 : local - offsetMinutes * 60_000;
}

export function isTimestamp(text: string): boolean {
  return !Number.isNaN(timestampMilliseconds(text));
}
