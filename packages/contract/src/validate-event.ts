import { describeKind, describeValue, problemsFrom, type ValidationProblem } from '@slawatch/validation';
import type { z } from 'zod';
import { isExactEvent } from './compiled-events.js';
import { DATA_SCHEMAS } from './data/index.js';
import { envelopeSchema } from './envelope.js';
import { type ContractEvent, isEventType } from './events.js';
import { DEFAULT_PLAUSIBILITY, implausibility, type Plausibility } from './plausibility.js';
import { type ContractResult, reject } from './rejection.js';
import { timestampMilliseconds } from './timestamp.js';
import { type TopicFamily, topicFamilyOf } from './topics.js';
import { EVENT_TYPES, type EventType } from './vocabulary.js';

/** Checks beyond the event's own shape, each made only when its input is given. */
export interface ContractChecks {
  /** The family of the topic the event arrived on (or is about to be published to). */
  topicFamily?: TopicFamily;
  /** Current time in epoch milliseconds; with maxFutureSkewMs, events further ahead are refused. */
  now?: number;
  maxFutureSkewMs?: number;
  /** With `now`: how old an event and how far off a promise may be (the defaults when not given). */
  plausibility?: Partial<Plausibility>;
}

/** The clock's share of the checks: the parser's options carry these as they are. */
export type ClockChecks = Pick<ContractChecks, 'now' | 'maxFutureSkewMs' | 'plausibility'>;

/** Enough problems to fix a broken publisher; more only lengthens dead-letter records. */
const MAX_PROBLEMS_REPORTED = 5;

function render(problems: ReadonlyArray<ValidationProblem>): string {
  const shown = problems.slice(0, MAX_PROBLEMS_REPORTED).map((p) => `${p.path}: ${p.message}`);
  if (problems.length > MAX_PROBLEMS_REPORTED)
    shown.push(`and ${problems.length - MAX_PROBLEMS_REPORTED} more`);
  return shown.join('; ');
}

function underData(problem: ValidationProblem): ValidationProblem {
  const { path } = problem;
  if (path === '(root)') return { path: 'data', message: problem.message };
  return { path: path.startsWith('[') ? `data${path}` : `data.${path}`, message: problem.message };
}

function envelopeRejection(error: z.ZodError, value: Record<string, unknown>): ContractResult {
  const problems = problemsFrom(error, value);
  // A present but malformed `time` has its own reason: clock and formatting bugs upstream are common and distinct.
  const onlyTime = error.issues.every((issue) => issue.path[0] === 'time');
  if (onlyTime && typeof value['time'] === 'string') return reject('invalid_time', render(problems));
  return reject('invalid_envelope', render(problems));
}

/**
 * Validates an already-parsed JSON value as a contract v1 event. The checks
 * run from the outside in (envelope, time, type, topic, key, data, clock) and
 * the first failing one decides the reason. `key` is the record key as text;
 * when given, the subject must equal it.
 */
export function validateEvent(value: unknown, key?: string, checks: ContractChecks = {}): ContractResult {
  return validateArrived(value, key, checks.topicFamily, checks);
}

/**
 * validateEvent with the topic family apart from the clock's checks, so that
 * the parser passes its options as they are instead of building a checks
 * object for every record.
 */
export function validateArrived(
  value: unknown,
  key: string | undefined,
  topicFamily: TopicFamily | undefined,
  checks: ClockChecks,
): ContractResult {
  if (value === null || typeof value !== 'object' || Array.isArray(value)) {
    return reject('not_an_object', `(root): expected a JSON object, got ${describeKind(value)}`);
  }
  const fields = value as Record<string, unknown>;
  // Nearly every event is exactly valid: then the compiled check alone suffices (see compiled-events.ts).
  if (isExactEvent(fields)) return checkExact(fields as ContractEvent, key, topicFamily, checks);
  const envelope = envelopeSchema.safeParse(fields);
  if (!envelope.success) return envelopeRejection(envelope.error, fields);
  const attributes = envelope.data;

  const { type } = attributes;
  if (!isEventType(type)) {
    return reject(
      'unknown_type',
      `type: expected one of ${EVENT_TYPES.join(', ')}, got ${describeValue(type)}`,
    );
  }
  const misplaced = placeRejection(type, attributes.subject, key, topicFamily);
  if (misplaced) return misplaced;

  const data = DATA_SCHEMAS[type].safeParse(fields['data']);
  if (!data.success) {
    return reject('invalid_data', render(problemsFrom(data.error, fields['data']).map(underData)));
  }
  // The cast joins what the two checks proved separately: the envelope with this type, and data of this type.
  return checkClock({ ...attributes, type, data: data.data } as ContractEvent, checks);
}

/** The topic it arrived on and its record key, checked before its data: the first failing check decides the reason. */
function placeRejection(
  type: EventType,
  subject: string,
  key: string | undefined,
  topicFamily: TopicFamily | undefined,
): ContractResult | undefined {
  const family = topicFamilyOf(type);
  if (topicFamily !== undefined && family !== topicFamily) {
    return reject(
      'wrong_topic',
      `type: expected a type of the ${topicFamily} topic, got ${describeValue(type)}, which belongs on the ${family} topic`,
    );
  }
  if (key !== undefined && key !== subject) {
    return reject(
      'key_mismatch',
      `subject: expected the record key ${describeValue(key)}, got ${describeValue(subject)}`,
    );
  }
  return undefined;
}

/** An exactly valid event (compiled-events.ts): where it arrived, then the clock. */
function checkExact(
  event: ContractEvent,
  key: string | undefined,
  topicFamily: TopicFamily | undefined,
  checks: ClockChecks,
): ContractResult {
  return placeRejection(event.type, event.subject, key, topicFamily) ?? checkClock(event, checks);
}

/** The clock's checks of a valid event: not from the future, and plausibly timed. */
function checkClock(event: ContractEvent, checks: ClockChecks): ContractResult {
  const attributes = event;
  const timeMs = timestampMilliseconds(attributes.time);
  if (checks.now !== undefined && checks.maxFutureSkewMs !== undefined) {
    const latest = checks.now + checks.maxFutureSkewMs;
    if (timeMs > latest) {
      return reject(
        'time_in_future',
        `time: expected no later than ${new Date(latest).toISOString()} (now plus ${checks.maxFutureSkewMs} ms of clock skew), got ${describeValue(attributes.time)}`,
      );
    }
  }
  if (checks.now !== undefined) {
    const refused = implausibility(event, timeMs, checks.now, boundsOf(checks.plausibility));
    if (refused) return refused;
  }
  return { ok: true, event, timeMs };
}

/**
 * The plausibility bounds in force. This runs for every event, so the
 * defaults, or bounds given whole (as the monitor's configuration gives
 * them), are used as they are; only partial ones are completed by a copy.
 */
function boundsOf(given: Partial<Plausibility> | undefined): Plausibility {
  if (given === undefined) return DEFAULT_PLAUSIBILITY;
  if (isWhole(given)) return given;
  return { ...DEFAULT_PLAUSIBILITY, ...given };
}

function isWhole(bounds: Partial<Plausibility>): bounds is Plausibility {
  return bounds.maxAgeMs !== undefined && bounds.maxPromiseAheadMs !== undefined;
}
