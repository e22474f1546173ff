import { describe, expect, it } from 'vitest';
import { evaluate } from '../src/index.js';
import {
  defaults,
  delivered,
  event,
  HOUR,
  hubScan,
  inOrder,
  order,
  pickup,
  play,
  standing,
  T0,
  WAYBILL,
} from './shipment.js';

const picked = T0 + HOUR;
const id = (level: string, fromMs: number) => `${WAYBILL}:tracking_keeps_moving:${level}:${fromMs}`;

describe('tracking keeps moving', () => {
  it('warns after 24 h of silence in transit, breaches at 48 h and is critical (suspected lost) at 72 h', () => {
    const run = play(inOrder([order(T0), pickup(picked)]), picked + 80 * HOUR);
    expect(standing(run, 'tracking_keeps_moving')).toEqual({
      [id('warn', picked)]: 'open',
      [id('breach', picked)]: 'open',
      [id('critical', picked)]: 'open',
    });
    const critical = run.changes.find((c) => c.level === 'critical');
    expect(critical).toMatchObject({
      severity: 'critical',
      dueAt: new Date(picked + 72 * HOUR).toISOString(),
    });
    expect(run.changes.find((c) => c.level === 'warn')?.severity).toBe('minor');
  });

  it('says nothing while events keep coming', () => {
    const events = [order(T0), pickup(picked), hubScan(picked + 20 * HOUR), hubScan(picked + 40 * HOUR)];
    const run = play(inOrder([...events, { ...delivered(picked + 60 * HOUR) }]), picked + 200 * HOUR);
    expect(standing(run, 'tracking_keeps_moving')).toEqual({});
    expect(run.outcomes.find((o) => o.standard === 'tracking_keeps_moving')?.met).toBe(true);
  });

  it('resolves the breaches when the shipment moves again, and measures the next gap from that event', () => {
    const scan = picked + 30 * HOUR;
    const run = play(inOrder([order(T0), pickup(picked), hubScan(scan)]), scan + 25 * HOUR);
    expect(standing(run, 'tracking_keeps_moving')).toEqual({
      [id('warn', picked)]: 'resolved',
      [id('warn', scan)]: 'open',
    });
    expect(run.deadlines.get('tracking_keeps_moving:breach')).toBe(scan + 48 * HOUR);
  });

  it('retracts a silence breach when a delayed scan shows the parcel moved in the gap', () => {
    const run = play(
      [
        { event: order(T0) },
        { event: pickup(picked) },
        { event: hubScan(picked + 20 * HOUR), arriveMs: picked + 26 * HOUR },
      ],
      picked + 30 * HOUR,
    );
    const changes = run.changes.filter((c) => c.breachId === id('warn', picked));
    expect(changes.map((c) => c.status)).toEqual(['open', 'retracted']);
    expect(new Set(changes.map((c) => c.dueAt)).size).toBe(1);
    expect(changes[1]?.dueAt).not.toBeNull();
    expect(standing(run, 'tracking_keeps_moving')).toEqual({});
  });

  it('stops watching at delivery', () => {
    const run = play(
      inOrder([order(T0), pickup(picked), delivered(picked + 10 * HOUR)]),
      picked + 200 * HOUR,
    );
    expect(standing(run, 'tracking_keeps_moving')).toEqual({});
    expect([...run.deadlines.keys()]).toEqual([]);
    expect(run.state?.finished).toBe(true);
  });
});

describe('a silence breach the horizon opened', () => {
  it('stays open when the shipment is judged again on a lower horizon, and only evidence closes it', () => {
    const opened = play(inOrder([order(T0), pickup(picked)]), picked + 30 * HOUR);
    expect(standing(opened, 'tracking_keeps_moving')).toEqual({ [id('warn', picked)]: 'open' });
    // An order correction dated before the pickup leaves the gap as it was; judged on a horizon
    // before the warning's due time (evidence read ahead of the other topics), the warning stands.
    const corrected = event('order.corrected', T0 + HOUR / 2, { field: 'pieces', before: 1, after: 2 });
    const lower = evaluate(defaults, opened.state, corrected, picked + 31 * HOUR, picked + HOUR);
    expect(lower.changes.filter((c) => c.standard === 'tracking_keeps_moving')).toEqual([]);
    expect(lower.state.breaches).toContainEqual(
      expect.objectContaining({ standard: 'tracking_keeps_moving', level: 'warn', status: 'open' }),
    );
    // The breach level, not yet due by any horizon, is still a deadline.
    expect(lower.state.pending.map((d) => d.id)).toContain('tracking_keeps_moving:breach');
    const moved = evaluate(
      defaults,
      lower.state,
      hubScan(picked + 26 * HOUR),
      picked + 32 * HOUR,
      picked + HOUR,
    );
    expect(moved.changes.map((c) => [c.breachId, c.status])).toContainEqual([id('warn', picked), 'resolved']);
  });
});
