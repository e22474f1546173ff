import { describeValue } from '@slawatch/validation';
import type { ContractEvent } from './events.js';
import { type Rejection, reject } from './rejection.js';
import { timestampMilliseconds } from './timestamp.js';

const DAY_MS = 86_400_000;

/**
 * How far from now an event's facts may lie before they are implausible
 * rather than late. An upstream clock reset (events dated 1970) would fire
 * every deadline at once; a promise in year 9999 would make a parcel never
 * late. Such records are refused with their own reason, not judged.
 */
export interface Plausibility {
  /** The oldest an event's `time` may be: scanners upload late, after-sales events come weeks later. */
  maxAgeMs: number;
  /** How far after the order's own time `promisedDeliveryBy` may lie, and how far before it. */
  maxPromiseAheadMs: number;
}

export const DEFAULT_PLAUSIBILITY: Plausibility = {
  maxAgeMs: 90 * DAY_MS,
  maxPromiseAheadMs: 60 * DAY_MS,
};

function days(ms: number): string {
  return `${Math.round(ms / DAY_MS)} days`;
}

/** The first implausible fact of an otherwise valid event, or undefined when all are plausible. */
export function implausibility(
  event: ContractEvent,
  timeMs: number,
  now: number,
  bounds: Plausibility,
): Rejection | undefined {
  const earliest = now - bounds.maxAgeMs;
  if (timeMs < earliest) {
    return reject(
      'time_too_old',
      `time: expected no earlier than ${new Date(earliest).toISOString()} (now minus ${days(bounds.maxAgeMs)}), got ${describeValue(event.time)}`,
    );
  }
  if (event.type === 'order.created' && event.data.promisedDeliveryBy !== undefined) {
    const promiseMs = timestampMilliseconds(event.data.promisedDeliveryBy);
    const latest = timeMs + bounds.maxPromiseAheadMs;
    if (promiseMs > latest || promiseMs < timeMs - bounds.maxPromiseAheadMs) {
      return reject(
        'implausible_promise',
        `data.promisedDeliveryBy: expected within ${days(bounds.maxPromiseAheadMs)} of the order's time ${event.time}, got ${describeValue(event.data.promisedDeliveryBy)}`,
      );
    }
  }
  return undefined;
}
