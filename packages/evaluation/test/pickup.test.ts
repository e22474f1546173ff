import { breachChangeSchema } from '@slawatch/contract';
import { describe, expect, it } from 'vitest';
import { HOUR, inOrder, order, pickup, play, standing, T0, WAYBILL } from './shipment.js';

describe('pickup on time', () => {
  it('is met when the pickup comes within 2 h for an individual', () => {
    const run = play(inOrder([order(T0), pickup(T0 + 2 * HOUR)]), T0 + 10 * HOUR);
    expect(run.changes.filter((c) => c.standard === 'pickup_on_time')).toEqual([]);
    expect(run.outcomes).toContainEqual({
      standard: 'pickup_on_time',
      segment: 'individual',
      product: 'standard',
      route: 'inter_province',
      met: true,
    });
  });

  it('opens a breach at the due time when no pickup comes, with the fields the escalation needs', () => {
    const created = order(T0);
    const run = play(inOrder([created]), T0 + 3 * HOUR);
    const breach = run.changes.find((c) => c.standard === 'pickup_on_time');
    expect(breach).toEqual({
      breachId: `${WAYBILL}:pickup_on_time:breach:1`,
      status: 'open',
      waybill: WAYBILL,
      standard: 'pickup_on_time',
      title: 'Pickup on time',
      titleZh: '按时揽收',
      action: expect.stringContaining('courier'),
      element: 'time',
      phase: 'transaction',
      segment: 'individual',
      product: 'standard',
      route: 'inter_province',
      severity: 'major',
      level: 'breach',
      dueAt: new Date(T0 + 2 * HOUR).toISOString(),
      detectedAt: new Date(T0 + 2 * HOUR).toISOString(),
      judgedBeforeBacklogRead: false,
      evidence: [],
      // Not yet picked up: nothing has seen the parcel, the order gives the lane and the account.
      cause: {
        originCity: 'Shanghai',
        destinationCity: 'Beijing',
        lane: 'Shanghai→Beijing',
        customerId: 'C1',
      },
      standardsVersion: '2026.11-default',
      contractVersion: '1',
    });
    // What the core produces is exactly what the contract lets through to escalation.
    expect(breachChangeSchema.parse(breach)).toEqual(breach);
  });

  it('gives key accounts 4 h and one severity higher', () => {
    const late = play(inOrder([order(T0, { segment: 'key_account' }), pickup(T0 + 5 * HOUR)]), T0 + 6 * HOUR);
    const onTime = play(
      inOrder([order(T0, { segment: 'key_account' }), pickup(T0 + 3 * HOUR)]),
      T0 + 6 * HOUR,
    );
    expect(standing(late)).toEqual({ [`${WAYBILL}:pickup_on_time:breach:1`]: 'open' });
    expect(late.changes[0]).toMatchObject({
      severity: 'critical',
      dueAt: new Date(T0 + 4 * HOUR).toISOString(),
    });
    expect(standing(onTime)).toEqual({});
  });

  it('warns an e-commerce merchant at 24 h and breaches at 48 h', () => {
    const run = play(inOrder([order(T0, { segment: 'ecommerce' })]), T0 + 30 * HOUR);
    expect(standing(run)).toEqual({ [`${WAYBILL}:pickup_on_time:warn:1`]: 'open' });
    expect(run.changes[0]).toMatchObject({ level: 'warn', severity: 'minor' });
    const later = play(inOrder([order(T0, { segment: 'ecommerce' })]), T0 + 48 * HOUR);
    expect(standing(later)).toEqual({
      [`${WAYBILL}:pickup_on_time:warn:1`]: 'open',
      [`${WAYBILL}:pickup_on_time:breach:1`]: 'open',
    });
  });

  it('keeps the breach open when the pickup arrives after its due time (a late stop does not undo it)', () => {
    const run = play(inOrder([order(T0), pickup(T0 + 3 * HOUR)]), T0 + 10 * HOUR);
    expect(standing(run)).toEqual({ [`${WAYBILL}:pickup_on_time:breach:1`]: 'open' });
    expect(run.outcomes.filter((o) => o.standard === 'pickup_on_time').map((o) => o.met)).toEqual([false]);
  });

  it('retracts a fired breach when a delayed pickup shows it happened in time', () => {
    const run = play(
      [{ event: order(T0) }, { event: pickup(T0 + HOUR), arriveMs: T0 + 3 * HOUR }],
      T0 + 10 * HOUR,
    );
    const changes = run.changes.filter((c) => c.standard === 'pickup_on_time');
    expect(changes.map((c) => c.status)).toEqual(['open', 'retracted']);
    // The retraction names the same due time, so a reader never mistakes it for a breach without one.
    expect(changes.map((c) => c.dueAt)).toEqual([
      new Date(T0 + 2 * HOUR).toISOString(),
      new Date(T0 + 2 * HOUR).toISOString(),
    ]);
    expect(standing(run)).toEqual({});
    expect(run.outcomes.filter((o) => o.standard === 'pickup_on_time').map((o) => o.met)).toEqual([
      false,
      true,
    ]);
  });

  it('sets the deadline for the store and clears it when the pickup comes', () => {
    const run = play(inOrder([order(T0)]), T0);
    expect(run.deadlines.get('pickup_on_time:breach')).toBe(T0 + 2 * HOUR);
    const after = play(inOrder([order(T0), pickup(T0 + HOUR)]), T0 + HOUR);
    expect(after.deadlines.has('pickup_on_time:breach')).toBe(false);
  });

  it('is not judged for a cancelled order', () => {
    const run = play(
      inOrder([order(T0), { ...order(T0 + HOUR), type: 'order.cancelled', data: {} }]),
      T0 + 10 * HOUR,
    );
    expect(run.changes).toEqual([]);
    expect(run.outcomes.some((o) => o.standard === 'pickup_on_time')).toBe(false);
  });
});
