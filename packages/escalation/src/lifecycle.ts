/**
 * open → acknowledged → resolved, with retracted (the monitor withdrew the
 * breach) and silenced (a silence suppressed its notifications) beside them.
 */
export const BREACH_STATES = ['open', 'acknowledged', 'silenced', 'resolved', 'retracted'] as const;
export type BreachState = (typeof BREACH_STATES)[number];

export type LifecycleEvent =
  | { type: 'acknowledge' }
  | { type: 'resolve' }
  | { type: 'retract' }
  | { type: 'silence' }
  | { type: 'unsilence' };

export type Transition =
  | {
      ok: true;
      state: BreachState;
      /** No further escalation step may notify anyone. */
      stopsEscalation: boolean;
      /** Everyone notified so far receives a resolved notice. */
      noticeToNotified: 'resolved' | 'retracted' | undefined;
    }
  | { ok: false; reason: string };

export function isFinal(state: BreachState): boolean {
  return state === 'resolved' || state === 'retracted';
}

/** Escalation continues only for breaches nobody has taken on yet. */
export function escalates(state: BreachState): boolean {
  return state === 'open' || state === 'silenced';
}

export function transition(state: BreachState, event: LifecycleEvent): Transition {
  if (isFinal(state)) return { ok: false, reason: `the breach is already ${state}` };
  switch (event.type) {
    case 'acknowledge':
      if (state === 'acknowledged') return { ok: false, reason: 'the breach is already acknowledged' };
      return { ok: true, state: 'acknowledged', stopsEscalation: true, noticeToNotified: undefined };
    case 'resolve':
      return { ok: true, state: 'resolved', stopsEscalation: true, noticeToNotified: 'resolved' };
    case 'retract':
      return { ok: true, state: 'retracted', stopsEscalation: true, noticeToNotified: 'retracted' };
    case 'silence':
      if (state !== 'open')
        return { ok: false, reason: `only an open breach is silenced; this one is ${state}` };
      return { ok: true, state: 'silenced', stopsEscalation: false, noticeToNotified: undefined };
    case 'unsilence':
      if (state !== 'silenced') return { ok: false, reason: 'the breach is not silenced' };
      return { ok: true, state: 'open', stopsEscalation: false, noticeToNotified: undefined };
  }
}
