import { describe, expect, it } from 'vitest';
import { BREACH_STATES, escalates, type LifecycleEvent, transition } from '../src/lifecycle.js';

const EVENTS: LifecycleEvent['type'][] = ['acknowledge', 'resolve', 'retract', 'silence', 'unsilence'];

describe('breach lifecycle', () => {
  it('follows open → acknowledged → resolved, stopping escalation at the acknowledgement', () => {
    const acknowledged = transition('open', { type: 'acknowledge' });
    expect(acknowledged).toEqual({
      ok: true,
      state: 'acknowledged',
      stopsEscalation: true,
      noticeToNotified: undefined,
    });
    expect(transition('acknowledged', { type: 'resolve' })).toEqual({
      ok: true,
      state: 'resolved',
      stopsEscalation: true,
      noticeToNotified: 'resolved',
    });
  });

  it('sends resolved notices on resolution and retraction from any live state', () => {
    for (const state of ['open', 'acknowledged', 'silenced'] as const) {
      expect(transition(state, { type: 'resolve' })).toMatchObject({
        ok: true,
        noticeToNotified: 'resolved',
      });
      expect(transition(state, { type: 'retract' })).toMatchObject({
        ok: true,
        state: 'retracted',
        noticeToNotified: 'retracted',
      });
    }
  });

  it('silences only open breaches and keeps escalating them (the silence decides per notification)', () => {
    expect(transition('open', { type: 'silence' })).toMatchObject({
      ok: true,
      state: 'silenced',
      stopsEscalation: false,
    });
    expect(transition('silenced', { type: 'unsilence' })).toMatchObject({ ok: true, state: 'open' });
    expect(transition('acknowledged', { type: 'silence' })).toEqual({
      ok: false,
      reason: 'only an open breach is silenced; this one is acknowledged',
    });
    expect(transition('silenced', { type: 'acknowledge' })).toMatchObject({
      ok: true,
      state: 'acknowledged',
    });
  });

  it('refuses every event once a breach is resolved or retracted, and a second acknowledgement', () => {
    for (const state of ['resolved', 'retracted'] as const) {
      for (const type of EVENTS)
        expect(transition(state, { type })).toEqual({ ok: false, reason: `the breach is already ${state}` });
    }
    expect(transition('acknowledged', { type: 'acknowledge' })).toEqual({
      ok: false,
      reason: 'the breach is already acknowledged',
    });
  });

  it('escalates exactly the states nobody has taken on', () => {
    expect(BREACH_STATES.filter(escalates)).toEqual(['open', 'silenced']);
  });
});
