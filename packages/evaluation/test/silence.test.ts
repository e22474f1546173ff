import { describe, expect, it } from 'vitest';
import { delivered, HOUR, hubScan, inOrder, order, pickup, play, standing, T0, WAYBILL } from './shipment.js';

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
