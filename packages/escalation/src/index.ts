export { AcknowledgeLinks } from './acknowledge-link.js';
export {
  type ApiTokensFile,
  ApiTokensFileSchema,
  authenticate,
  type Caller,
  hashToken,
  hasRole,
  loadApiTokens,
  ROLES,
  type Role,
} from './api-tokens.js';
export { type ActionResult, BreachActions } from './breach-actions.js';
export { type BreachChange, BreachChangeSchema, SEVERITIES, type Severity } from './breach-change.js';
export type { EscalationContext, LinkBuilder } from './context.js';
export { DurationSchema, parseDuration } from './duration.js';
export { decodeBreachId, encodeBreachId, stepJobId } from './job-id.js';
export { JobProcessor } from './job-processor.js';
export type { EscalationJob } from './jobs.js';
export { queueName } from './jobs.js';
export { EscalationKeys } from './keys.js';
export {
  BREACH_STATES,
  type BreachState,
  escalates,
  isFinal,
  type LifecycleEvent,
  type Transition,
  transition,
} from './lifecycle.js';
export { loadEscalationFile, parseEscalation, substituteEnvironment } from './load-escalation-file.js';
export { type BreachMatcher, BreachMatcherSchema, MATCHABLE_FIELDS, matches } from './matcher.js';
export { EscalationMetrics } from './metrics.js';
export {
  type DigestPolicy,
  type EscalatePolicy,
  type EscalationFile,
  EscalationFileSchema,
  type Policy,
  type RateLimit,
  type TargetEntry,
} from './policy-file.js';
export { EscalationQueues, type QueueSettings } from './queues.js';
export { overLimitAction, slotDecision } from './rate-limit.js';
export { routeBreach } from './routing.js';
export {
  FIRST_POSITION,
  nextPosition,
  type StepPosition,
  stepSchedule,
  targetsAt,
  waitAfter,
} from './schedule.js';
export { isSilenceActive, type Silence, SilenceRequestSchema, silencesCovering } from './silence.js';
export { type BreachQuery, type BreachRecord, type ChangeOutcome, EscalationStore } from './store.js';
export type { TimelineEntry } from './timeline.js';
export { EscalationWorkers, type WorkerSettings } from './workers.js';
