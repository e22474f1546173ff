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
  /** Attempts made before the job was queued (the consumer's inline attempt); they count towards `attempts`. */
  attemptsBefore?: number;
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

/** One step of an incident's escalation: its first runs when the incident's `wait` is over. */
export interface IncidentStepJob {
  type: 'incident-step';
  incidentId: string;
  pass: number;
  step: number;
}

/** One message about an incident to one target, with the counts taken for it. */
export interface IncidentMessageJob {
  type: 'incident-message';
  incidentId: string;
  target: string;
  message: 'page' | 'update' | 'reminder' | 'resolved';
  /** Joined and ended since the previous message (taken once for all targets of this message). */
  counts: { new: number; resolved: number };
  step?: number;
  by?: string;
}

/** Every `interval` while an incident is unresolved: an update if members changed, a reminder after `repeat`. */
export interface IncidentTickJob {
  type: 'incident-tick';
  incidentId: string;
}

export type EscalationJob =
  | IncidentStepJob
  | IncidentMessageJob
  | IncidentTickJob
  | StepJob
  | PageJob
  | ResolvedNoticeJob
  | DigestJob
  | FlushDigestJob
  | FlushOverflowJob;
