import type { EscalatePolicy } from './policy-file.js';

/** Where an escalation stands: the `step` (1-based) of the `pass` (1-based) through the policy's steps. */
export interface StepPosition {
  pass: number;
  step: number;
}

export const FIRST_POSITION: StepPosition = { pass: 1, step: 1 };

export function isLastPosition(policy: EscalatePolicy, position: StepPosition): boolean {
  return position.pass >= policy.repeat && position.step >= policy.steps.length;
}

/** The position after `position`, or undefined when the policy is exhausted. */
export function nextPosition(policy: EscalatePolicy, position: StepPosition): StepPosition | undefined {
  if (isLastPosition(policy, position)) return undefined;
  if (position.step < policy.steps.length) return { pass: position.pass, step: position.step + 1 };
  return { pass: position.pass + 1, step: 1 };
}

/** How long after `position` the next one fires; undefined when nothing follows. */
export function waitAfter(policy: EscalatePolicy, position: StepPosition): number | undefined {
  if (isLastPosition(policy, position)) return undefined;
  return policy.steps[position.step - 1]?.wait ?? 0;
}

export function targetsAt(policy: EscalatePolicy, position: StepPosition): string[] {
  return policy.steps[position.step - 1]?.notify ?? [];
}

/** The whole plan when nobody acknowledges: each position, its offset from the first page, its targets. */
export function stepSchedule(
  policy: EscalatePolicy,
): Array<StepPosition & { atMs: number; notify: string[] }> {
  const plan: Array<StepPosition & { atMs: number; notify: string[] }> = [];
  let position: StepPosition | undefined = FIRST_POSITION;
  let atMs = 0;
  while (position) {
    plan.push({ ...position, atMs, notify: targetsAt(policy, position) });
    atMs += waitAfter(policy, position) ?? 0;
    position = nextPosition(policy, position);
  }
  return plan;
}
