export type { BreachChange } from '@slawatch/contract';
export {
  type AttainmentCell,
  type AttainmentChange,
  type AttainmentField,
  attainmentChanges,
  dayNumber,
  dayText,
  orderDay,
} from './attainment.js';
export { breachId, severityOf } from './breach.js';
export { type CompiledStandard, type CompiledStandards, compileStandards } from './compile.js';
export { decodeState, encodeState, StateLayoutError } from './encoding.js';
export {
  type DueDeadline,
  type Evaluation,
  evaluate,
  fire,
  fireDue,
  judgeRecorded,
  type Outcome,
  type RecordedEvents,
  recordNew,
} from './evaluate.js';
export { EVENT_TYPES, type EventType, type ShipmentEvent } from './event.js';
export { hashEventId } from './hash.js';
export { type Deadline, type DeadlineId, NONE } from './judgement.js';
export { DEFAULT_ORDER_BOUND, type OrderBound, outsideOrderBound } from './order-bound.js';
export { isRetentionOver, nextDueMs, retentionEndMs } from './retention.js';
export {
  type ClauseMark,
  earliestDueMs,
  emptyState,
  type LoggedEvent,
  type OrderFacts,
  type RememberedValue,
  type ReportedBreach,
  type ShipmentState,
} from './state.js';
