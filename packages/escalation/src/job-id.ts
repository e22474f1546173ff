import { LEVELS } from '@slawatch/contract';

/** The contract's waybill (the envelope's subject): 1 to 64 letters, digits, "-" or "_". */
export const LONGEST_WAYBILL = 64;

/**
 * The standards file asks a standard's id to be a lower_snake_case name and
 * sets no length; the carrier's longest is 29 characters
 * (`delivered_intact_and_complete`). 100 leaves more than three times that;
 * a breach of a standard with a longer id still pages, but its links and API
 * routes answer 414.
 */
export const LONGEST_STANDARD_ID = 100;

/** An occurrence is 1 or epoch milliseconds: at most the digits of the largest safe integer. */
const LONGEST_OCCURRENCE = String(Number.MAX_SAFE_INTEGER).length;

/** `<waybill>:<standard>:<level>:<occurrence>` at its longest: 191 characters. */
export const LONGEST_BREACH_ID =
  LONGEST_WAYBILL +
  LONGEST_STANDARD_ID +
  Math.max(...LEVELS.map((level) => level.length)) +
  LONGEST_OCCURRENCE +
  ':::'.length;

/** Characters of `length` bytes in unpadded base64url: four for every three, rounded up. */
const base64UrlLength = (length: number) => Math.ceil((length * 4) / 3);

/**
 * The longest breach id as a route parameter, in every form a route takes it:
 * decoded as-is (`/api/breaches/:id`, the router measures it after
 * percent-decoding) and base64url (`/ack/:id`), the longer. Breach ids are
 * ASCII (the waybill's and the standard's alphabets), so bytes are characters.
 */
export const LONGEST_BREACH_ID_PARAMETER = Math.max(LONGEST_BREACH_ID, base64UrlLength(LONGEST_BREACH_ID));

/**
 * BullMQ job ids may not contain ':' (breach ids do) and should not look like
 * numbers; base64url keeps them unique, reversible and free of both.
 */
export function encodeBreachId(breachId: string): string {
  return Buffer.from(breachId, 'utf8').toString('base64url');
}

export function decodeBreachId(encoded: string): string {
  return Buffer.from(encoded, 'base64url').toString('utf8');
}

/** The job that notifies `step` of `pass`: the same breach and position always give the same id. */
export function stepJobId(breachId: string, pass: number, step: number): string {
  return `step.${encodeBreachId(breachId)}.p${pass}.s${step}`;
}

export function deliveryJobId(breachId: string, pass: number, step: number, target: string): string {
  return `page.${encodeBreachId(breachId)}.p${pass}.s${step}.${target}`;
}

export function resolvedNoticeJobId(breachId: string, target: string): string {
  return `resolved.${encodeBreachId(breachId)}.${target}`;
}

export function digestJobId(policy: string, intervalStartMs: number): string {
  return `digest.${policy}.${intervalStartMs}`;
}

export function overflowJobId(target: string, atMs: number): string {
  return `overflow.${target}.${atMs}`;
}

/** `<group>.<opened ms in base 36>`: the group's hash tag and when it opened, free of ':' for BullMQ. */
export function incidentId(group: string, openedMs: number): string {
  return `${group}.${openedMs.toString(36)}`;
}

export function groupOfIncident(incidentId: string): string {
  return incidentId.slice(0, incidentId.indexOf('.'));
}

/** An incident id is the group (16 base64url characters), a dot and a base-36 time. */
export const INCIDENT_ID_PATTERN = /^[A-Za-z0-9_-]{16}\.[0-9a-z]{1,12}$/;

export function incidentStepJobId(incidentId: string, pass: number, step: number): string {
  return `incident-step.${incidentId}.p${pass}.s${step}`;
}

export function incidentMessageJobId(incidentId: string, message: string, target: string): string {
  return `incident-${message}.${incidentId}.${target}`;
}

export function incidentTickJobId(incidentId: string, slot: number): string {
  return `incident-tick.${incidentId}.${slot}`;
}
