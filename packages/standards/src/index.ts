export { endOfBusinessDay, isKnownTimeZone, localDay, localMidnight, zoneOffsetMs } from './calendar.js';
export { crossCheck, splitRememberedReference } from './cross-check.js';
export { DURATION_PATTERN, parseDuration } from './duration.js';
export { EVENT_TYPES, type EventType } from './event-types.js';
export { loadStandards, parseStandards } from './load.js';
export { classifyRoute, type Place, ROUTE_CLASSES, type RouteClass } from './route.js';
export {
  type Clause,
  type Compare,
  type ConditionRule,
  type CountRule,
  type DeadlineRule,
  ELEMENTS,
  type FieldTest,
  LEVELS,
  type Level,
  type Limit,
  type LimitEntry,
  limitSchema,
  type Objectives,
  PHASES,
  type RouteMatch,
  type Rule,
  SEVERITIES,
  type Severity,
  type SilenceRule,
  type Standard,
  type StandardsFile,
  standardSchema,
  standardsFileSchema,
} from './schema.js';
