// The data each escalation job carries. BullMQ keeps it in Redis as JSON, so
// jobs already queued must stay readable: fields are added, never renamed.

/** Notify the targets of one step and schedule the next. */
export interface StepJob {
  type: 'step';
  breachId: string;
  pass: number;
  step: number;
}

/** One page of one step to one target. */
export interface PageJob {
  type: 'page';
  breachId: string;
  pass: number;
  step: number;
  target: string;
}

/** Tells one target that a breach it was paged about is over. */
export interface ResolvedNoticeJob {
  type: 'resolved';
  breachId: string;
  target: string;
  reason: 'resolved' | 'retracted';
  by?: string;
}

/** Sends one digest to one target. */
export interface DigestJob {
  type: 'digest';
  target: string;
  breachIds: string[];
  intervalStart: string;
  intervalEnd: string;
  reason: 'policy' | 'rate-limit';
}

/** Closes a digest policy's interval: its breaches become one digest per target. */
export interface FlushDigestJob {
  type: 'flush-digest';
  policy: string;
  intervalStartMs: number;
}

/** Turns the pages merged for a rate-limited target into a digest once a slot frees. */
export interface FlushOverflowJob {
  type: 'flush-overflow';
  target: string;
}

export type EscalationJob =
  | StepJob
  | PageJob
  | ResolvedNoticeJob
  | DigestJob
  | FlushDigestJob
  | FlushOverflowJob;
