// The breach vocabulary belongs to the contract; the standards file speaks it, so its readers find it here too.
export {
  ELEMENTS,
  LEVELS,
  type Level,
  PHASES,
  ROUTE_CLASSES,
  type RouteClass,
  SEVERITIES,
  type Severity,
} from '@slawatch/contract';
// The shared duration grammar, for the readers of the standards file's durations.
export { DURATION_PATTERN, parseDuration } from '@slawatch/validation';
export { endOfBusinessDay, isKnownTimeZone, localDay, localMidnight, zoneOffsetMs } from './calendar.js';
export { crossCheck, splitRememberedReference } from './cross-check.js';
export { EVENT_TYPES, type EventType } from './event-types.js';
export { loadStandards, parseStandards } from './load.js';
export { classifyRoute, type Place } from './route.js';
export {
  type Clause,
  type Compare,
  type ConditionRule,
  type CountRule,
  type DeadlineRule,
  type FieldTest,
  type Limit,
  type LimitEntry,
  limitSchema,
  type Objectives,
  type RouteMatch,
  type Rule,
  type SilenceRule,
  type Standard,
  type StandardsFile,
  standardSchema,
  standardsFileSchema,
} from './schema.js';
