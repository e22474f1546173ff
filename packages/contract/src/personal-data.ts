import { describeKind } from '@slawatch/validation';

/**
 * The fields of a contract v1 event that hold personal data, as paths in the
 * event. slawatch needs none of them; upstream systems should leave them out,
 * and where they are sent anyway their values must not travel further: a
 * rejection message (copied into the dead-letter topic and into logs read by
 * many) names the path and what was expected, never the value. Free-text
 * fields (`detail`, `reason`, `before`, `after`, …) are treated the same way:
 * a complaint summary or a corrected address may quote a name or a phone number.
 */
export const PERSONAL_DATA_PATHS = [
  'data.recipient.name',
  'data.recipient.phone',
  'data.origin.address',
  'data.destination.address',
] as const;

/** How a rejection message stands in for a value it must not show. */
export const VALUE_NOT_SHOWN = 'not shown: personal data';

/**
 * A zod error for a field whose value may be personal data: what was
 * expected, and the kind of value found without its content. The message
 * already says what was found, so `problemsFrom` does not append the value.
 */
export function withheldValueError(expected: string) {
  return (issue: { input?: unknown }) => `${expected}, got ${describeKind(issue.input)} (${VALUE_NOT_SHOWN})`;
}
