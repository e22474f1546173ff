export { type BreachCause, breachCauseSchema } from './breach-cause.js';
export { type BreachChange, breachChangeSchema, canonicalBreachChange } from './breach-change.js';
export { sampleBreachChange } from './breach-change-sample.js';
export {
  BREACH_STATUSES,
  type BreachStatus,
  ELEMENTS,
  type Element,
  LAST_SEEN_KINDS,
  type LastSeenKind,
  LEVELS,
  type Level,
  PHASES,
  type Phase,
  ROUTE_CLASSES,
  type RouteClass,
  SEVERITIES,
  type Severity,
} from './breach-vocabulary.js';
export { prepareEventChecks } from './compiled-events.js';
export { COMPLAINT_CATEGORIES } from './data/aftersales.js';
export { ATTEMPT_FAILURE_REASONS, DELIVERY_CONDITIONS, EXCEPTION_KINDS, HANDOVERS } from './data/delivery.js';
export { HUB_SCAN_DIRECTIONS } from './data/dispatch.js';
export { DATA_SCHEMAS } from './data/index.js';
export {
  type DeadLetterInput,
  type DeadLetterRecord,
  deadLetterRecord,
  deadLetterRecordSchema,
  type HeaderValue,
  originalBytesOf,
  REDUCED_HEAD_BYTES,
  REDUCED_KEY_BYTES,
  reducedDeadLetterRecord,
} from './dead-letter.js';
export { type Envelope, envelopeSchema } from './envelope.js';
export {
  type ContractEvent,
  contractEventSchema,
  EVENT_SCHEMAS,
  type EventData,
  type EventOf,
  isEventType,
} from './events.js';
export { type ContractRecord, type ParseOptions, parseRecord } from './parse-record.js';
export { PERSONAL_DATA_PATHS, VALUE_NOT_SHOWN } from './personal-data.js';
export { DEFAULT_PLAUSIBILITY, type Plausibility } from './plausibility.js';
export {
  type Acceptance,
  type ContractResult,
  IN_STATE_REJECTION_REASONS,
  REJECTION_REASONS,
  type Rejection,
  type RejectionReason,
} from './rejection.js';
export { SAMPLE_WAYBILL, type SampleOverrides, sampleEvent } from './samples.js';
export { isTimestamp, RFC3339_PATTERN, timestampMilliseconds } from './timestamp.js';
export {
  DEFAULT_TOPICS,
  TOPIC_FAMILIES,
  TOPIC_OF_TYPE,
  type TopicFamily,
  type TopicRole,
  topicFamilyOf,
} from './topics.js';
export { type ContractChecks, validateEvent } from './validate-event.js';
export {
  CONTRACT_VERSION,
  EVENT_TYPES,
  type EventType,
  PRODUCTS,
  type Product,
  SEGMENTS,
  type Segment,
} from './vocabulary.js';
