import type { EventType } from '@slawatch/contract';
import type { StandardsFile } from '@slawatch/standards';
import { type Due, deadlineDues, silenceThresholds } from './due-times.js';
import type { OrderFacts, SimulatedEvent } from './simulated-event.js';

/*
 * Timing margins. An event meant to be in time happens by half its limit; a
 * late one at 150 % of the limit, or at 125 % when 150 % would come close to a
 * second deadline; and no planned event falls within 15 % of the limit of any
 * due time. The truth is computed from event times, so it is exact anyway;
 * the margins keep the monitor's view in flight (records delayed by Kafka or
 * a busy event loop) from flapping around a due time.
 */
export const IN_TIME_FRACTION = 0.5;
export const LATE_FRACTIONS = [1.5, 1.25] as const;
export const AVOID_FRACTION = 0.15;

/** Due times of every deadline that `type` stops, given the events planned so far. */
export function duesStoppedBy(
  file: StandardsFile,
  order: OrderFacts,
  events: ReadonlyArray<SimulatedEvent>,
  type: EventType,
): Due[] {
  return file.standards
    .filter((standard) => standard.rule.kind === 'deadline' && standard.rule.stop.includes(type))
    .flatMap((standard) => deadlineDues(file, standard, order, events))
    .sort((a, b) => a.dueMs - b.dueMs);
}

/** The latest time `type` may happen and still be comfortably in time for every deadline it stops. */
export function inTimeBy(dues: ReadonlyArray<Due>): number {
  return Math.min(...dues.map((due) => due.anchorMs + IN_TIME_FRACTION * (due.dueMs - due.anchorMs)));
}

function window(due: Due): [number, number] {
  const margin = AVOID_FRACTION * (due.dueMs - due.anchorMs);
  return [due.dueMs - margin, due.dueMs + margin];
}

function nearAny(dues: ReadonlyArray<Due>, timeMs: number): boolean {
  return dues.some((due) => {
    const [from, to] = window(due);
    return timeMs > from && timeMs < to;
  });
}

/** The earliest time at or after `timeMs` that keeps the margin from every due time. */
export function clearOf(dues: ReadonlyArray<Due>, timeMs: number): number {
  let time = timeMs;
  for (let moved = true; moved; ) {
    moved = false;
    for (const due of dues) {
      const [from, to] = window(due);
      if (time > from && time < to) {
        time = to;
        moved = true;
      }
    }
  }
  return time;
}

/** A time clearly after the earliest of the due times, and not before `notBefore`. */
export function lateAfter(dues: ReadonlyArray<Due>, notBefore: number): number {
  const first = dues[0];
  if (!first) return notBefore;
  const span = first.dueMs - first.anchorMs;
  for (const fraction of LATE_FRACTIONS) {
    const candidate = Math.max(notBefore, first.anchorMs + fraction * span);
    if (!nearAny(dues, candidate)) return candidate;
  }
  return clearOf(dues, Math.max(notBefore, first.anchorMs + (LATE_FRACTIONS[0] ?? 1.5) * span));
}

/** The longest gap between events that keeps every silence threshold comfortably away. */
export function quietGapLimit(file: StandardsFile, order: OrderFacts): number {
  const thresholds = file.standards.flatMap((standard) =>
    silenceThresholds(standard, order).map(([, ms]) => ms),
  );
  return thresholds.length === 0
    ? Number.POSITIVE_INFINITY
    : IN_TIME_FRACTION * 0.9 * Math.min(...thresholds);
}

/** The longest silence threshold: a stuck parcel stays silent half as long again. */
export function longestSilence(file: StandardsFile, order: OrderFacts): number | undefined {
  const thresholds = file.standards.flatMap((standard) =>
    silenceThresholds(standard, order).map(([, ms]) => ms),
  );
  return thresholds.length === 0 ? undefined : Math.max(...thresholds);
}

/** The shortest limit any standard sets the shipment: a tenth of it is the jitter in-flight timing must tolerate. */
export function shortestLimit(
  file: StandardsFile,
  order: OrderFacts,
  events: ReadonlyArray<SimulatedEvent>,
): number {
  const spans = file.standards.flatMap((standard) => [
    ...deadlineDues(file, standard, order, events).map((due) => due.dueMs - due.anchorMs),
    ...silenceThresholds(standard, order).map(([, ms]) => ms),
  ]);
  const positive = spans.filter((span) => span > 0);
  return positive.length === 0 ? 60_000 : Math.min(...positive);
}
