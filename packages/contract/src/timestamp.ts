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

/** The digit at `at`, or -1. */
function digit(text: string, at: number): number {
  const value = text.charCodeAt(at) - 48;
  return value >= 0 && value <= 9 ? value : -1;
}

/** Two digits at `at` as a number no greater than `max`, or -1. */
function twoDigits(text: string, at: number, max: number): number {
  const tens = digit(text, at);
  const ones = digit(text, at + 1);
  if (tens < 0 || ones < 0) return -1;
  const value = tens * 10 + ones;
  return value > max ? -1 : value;
}

/**
 * RFC3339_PATTERN read by hand, character by character: the regular
 * expression and its eleven captured strings cost more than the rest of an
 * event's envelope check. Accepts exactly what the pattern accepts (tested
 * against it on random text).
 */
function computeMilliseconds(text: string): number {
  const length = text.length;
  if (length < 20) return Number.NaN;
  const y1 = digit(text, 0);
  const y2 = digit(text, 1);
  const y3 = digit(text, 2);
  const y4 = digit(text, 3);
  if (y1 < 0 || y2 < 0 || y3 < 0 || y4 < 0) return Number.NaN;
  const year = y1 * 1000 + y2 * 100 + y3 * 10 + y4;
  const month = twoDigits(text, 5, 12);
  const day = twoDigits(text, 8, 31);
  const hours = twoDigits(text, 11, 23);
  const minutes = twoDigits(text, 14, 59);
  const seconds = twoDigits(text, 17, 59);
  if (
    text.charCodeAt(4) !== DASH ||
    text.charCodeAt(7) !== DASH ||
    text.charCodeAt(10) !== LETTER_T ||
    text.charCodeAt(13) !== COLON ||
    text.charCodeAt(16) !== COLON ||
    month < 1 ||
    day < 1 ||
    hours < 0 ||
    minutes < 0 ||
    seconds < 0
  )
    return Number.NaN;
  const daysInMonth = month === 2 && isLeapYear(year) ? 29 : (DAYS_IN_MONTH[month - 1] ?? 0);
  if (day > daysInMonth) return Number.NaN;
  let at = 19;
  // Sub-millisecond digits are kept in the text but cannot be represented in a JS time.
  let milliseconds = 0;
  if (text.charCodeAt(at) === DOT) {
    let count = 0;
    for (let next = digit(text, at + 1); next >= 0; next = digit(text, at + 1 + count)) {
      if (count < 3) milliseconds += next * 10 ** (2 - count);
      count++;
    }
    if (count === 0 || count > 9) return Number.NaN;
    at += 1 + count;
  }
  // Date.UTC reads years 0-99 as 1900-1999; shift by one 400-year Gregorian cycle and back.
  const local =
    year < 100
      ? Date.UTC(year + 400, month - 1, day, hours, minutes, seconds, milliseconds) - FOUR_CENTURIES_MS
      : Date.UTC(year, month - 1, day, hours, minutes, seconds, milliseconds);
  const sign = text.charCodeAt(at);
  if (sign === LETTER_Z) return at + 1 === length ? local : Number.NaN;
  if ((sign !== PLUS && sign !== DASH) || at + 6 !== length || text.charCodeAt(at + 3) !== COLON)
    return Number.NaN;
  const offsetHours = twoDigits(text, at + 1, 23);
  const offsetMinutes = twoDigits(text, at + 4, 59);
  if (offsetHours < 0 || offsetMinutes < 0) return Number.NaN;
  const offsetMs = (offsetHours * 60 + offsetMinutes) * 60_000;
  return sign === DASH ? local + offsetMs : local - offsetMs;
}

const DASH = 45;
const PLUS = 43;
const DOT = 46;
const COLON = 58;
const LETTER_T = 84;
const LETTER_Z = 90;

export function isTimestamp(text: string): boolean {
  return !Number.isNaN(timestampMilliseconds(text));
}
