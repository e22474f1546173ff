import type { Level } from '@slawatch/standards';

/** A scheduled check: the store keeps it per waybill under `id` and calls `fire` when `dueMs` passes. */
export interface Deadline {
  /** `${standardId}:${level}`, unique within the waybill. */
  id: string;
  dueMs: number;
}

export type DeadlineId = string;

/** A breach that the facts say exists now. */
export interface DesiredBreach {
  level: Level;
  occurrence: number;
  status: 'open' | 'resolved';
  dueMs?: number;
}

/** What the facts say about one standard for one shipment, right now. */
export interface Judgement {
  breaches: ReadonlyArray<DesiredBreach>;
  deadlines: ReadonlyArray<Deadline>;
  /** true met, false breached, undefined not decided (yet, or never, e.g. cancelled). */
  outcome: boolean | undefined;
  /** Still waiting for something (a stop event, the end of transit); a shipment is finished only when nothing is. */
  active: boolean;
}

/** The empty list every judgement (and every evaluation, parse) with nothing to say shares: never written to. */
export const NONE: ReadonlyArray<never> = Object.freeze([]);

export const NOTHING: Judgement = Object.freeze({
  breaches: NONE,
  deadlines: NONE,
  outcome: undefined,
  active: false,
});

/** Still waiting (a stop event, the end of transit), with nothing else to say. */
export const WAITING: Judgement = Object.freeze({ ...NOTHING, active: true });

/** Met once the shipment ended, with nothing else to say (a condition or count that never held). */
export const MET: Judgement = Object.freeze({ ...NOTHING, outcome: true });

/** Breached once, at the breach level (a condition or count that held). */
export const BREACHED_ONCE: Judgement = Object.freeze({
  ...NOTHING,
  breaches: Object.freeze([Object.freeze({ level: 'breach', occurrence: 0, status: 'open' } as const)]),
  outcome: false,
});

/**
 * `list` with `item` appended, for lists that are mostly empty or of one:
 * a first item makes a one-element array (an empty array's first push
 * reserves seventeen slots), later ones are pushed.
 */
export function appended<T>(list: T[] | undefined, item: T): T[] {
  if (!list) return [item];
  list.push(item);
  return list;
}

/** The level whose breach counts against the objective: `breach`, or the first level above `warn`. */
export function decidingLevel(levels: ReadonlyArray<Level>): Level | undefined {
  return levels.includes('breach') ? 'breach' : levels.find((level) => level !== 'warn');
}
