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
