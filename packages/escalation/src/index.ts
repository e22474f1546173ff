// What the escalation service, its tests and the benchmark use; everything
// else is the package's own (its tests import it from src/ directly).
export { AcknowledgeLinks } from './acknowledge-link.js';
export {
  type ApiTokensFile,
  authenticate,
  type Caller,
  hashToken,
  hasRole,
  loadApiTokens,
  type Role,
} from './api-tokens.js';
export { type ActionResult, BreachActions } from './breach-actions.js';
export type { EscalatedBreach } from './classes/breach-records.js';
export { EscalationStore } from './classes/escalation-store.js';
export {
  INCIDENT_STATES,
  type Incident,
  type IncidentMember,
  type IncidentState,
} from './classes/incidents.js';
export type { EscalationContext, LinkBuilder } from './context.js';
export type { IncidentActionResult, IncidentSilenceResult } from './incident-actions.js';
export type { Inhibition, InhibitRule } from './inhibition.js';
export {
  decodeBreachId,
  digestJobId,
  INCIDENT_ID_PATTERN,
  LONGEST_BREACH_ID,
  LONGEST_BREACH_ID_PARAMETER,
  stepJobId,
} from './job-id.js';
export { JobDispatcher } from './jobs/dispatcher.js';
export { EscalationKeys } from './keys.js';
export { BREACH_STATES } from './lifecycle.js';
export { loadEscalationFile } from './load-escalation-file.js';
export { matches } from './matcher.js';
export { EscalationMetrics } from './metrics.js';
export type { EscalationFile } from './policy-file.js';
export { EscalationQueues } from './queues.js';
export { isBroad, isSilenceActive, type Silence, SilenceRequestSchema } from './silence.js';
export { judgeSilence } from './silence-policy.js';
export { EscalationWorkers } from './workers.js';
