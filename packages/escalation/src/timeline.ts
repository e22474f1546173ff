/** One line of a breach's history: who did what, when. */
export interface TimelineEntry {
  at: string;
  /** An API token's owner, `monitor`, `escalation` or `acknowledge-link`. */
  who: string;
  what:
    | 'opened'
    | 'step'
    | 'notified'
    | 'delivery-failed'
    | 'suppressed'
    | 'merged-into-digest'
    | 'digested'
    | 'acknowledged'
    | 'resolved'
    | 'retracted'
    | 'silenced'
    | 'unsilenced'
    | 'escalation-exhausted'
    | 'resolved-notice'
    /** The breach became a member of an incident (detail: incident id); it is paged as part of it. */
    | 'grouped'
    /**
     * The breach is a member of a facility incident opened by an inhibit rule
     * (detail: incident id, rule, value): its own pages are suppressed.
     */
    | 'inhibited';
  detail?: Record<string, unknown>;
}

export function entry(
  nowMs: number,
  who: string,
  what: TimelineEntry['what'],
  detail?: Record<string, unknown>,
): TimelineEntry {
  return { at: new Date(nowMs).toISOString(), who, what, ...(detail ? { detail } : {}) };
}

/** Who the workers write as in a timeline. */
export const SYSTEM = 'escalation';

/** A line the escalation itself writes (steps, deliveries, suppressions), as `escalation`. */
export function systemEntry(
  nowMs: number,
  what: TimelineEntry['what'],
  detail?: Record<string, unknown>,
): TimelineEntry {
  return entry(nowMs, SYSTEM, what, detail);
}
