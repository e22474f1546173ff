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
  breaches: DesiredBreach[];
  deadlines: Deadline[];
  /** true met, false breached, undefined not decided (yet, or never, e.g. cancelled). */
  outcome: boolean | undefined;
  /** Still waiting for something (a stop event, the end of transit); a shipment is finished only when nothing is. */
  active: boolean;
}

export const NOTHING: Judgement = { breaches: [], deadlines: [], outcome: undefined, active: false };

/** The level whose breach counts against the objective: `breach`, or the first level above `warn`. */
export function decidingLevel(levels: ReadonlyArray<Level>): Level | undefined {
  return levels.includes('breach') ? 'breach' : levels.find((level) => level !== 'warn');
}
