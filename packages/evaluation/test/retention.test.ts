import { describe, expect, it } from 'vitest';
import { emptyState, evaluate, isRetentionOver, nextDueMs, retentionEndMs } from '../src/index.js';
import type { ShipmentState } from '../src/state.js';
import { DAY, defaults, delivered, HOUR, hubScan, order, pickup, T0 } from './shipment.js';

const RETENTION = 7 * DAY;

/** The state after these events, each judged at its own time. */
function after(...events: ReturnType<typeof order>[]): ShipmentState {
  let state: ShipmentState | undefined;
  for (const e of events) state = evaluate(defaults, state, e, e.timeMs).state;
  return state!;
}

describe('a shipment still under way', () => {
  const state = after(order(T0), pickup(T0 + HOUR));

  it('is looked at again at its earliest pending deadline', () => {
    expect(state.pending.length).toBeGreaterThan(1);
    expect(nextDueMs(state, RETENTION)).toBe(Math.min(...state.pending.map((d) => d.dueMs)));
  });

  it('is kept whatever the time', () => {
    expect(retentionEndMs(state, RETENTION)).toBeUndefined();
    expect(isRetentionOver(state, RETENTION, T0 + 365 * DAY)).toBe(false);
  });
});

describe('a finished shipment', () => {
  const state = after(order(T0), pickup(T0 + HOUR), hubScan(T0 + 2 * HOUR), delivered(T0 + 5 * HOUR));

  it('has nothing pending and is kept for the retention after its latest event', () => {
    expect(state.finished).toBe(true);
    expect(state.pending).toEqual([]);
    expect(retentionEndMs(state, RETENTION)).toBe(T0 + 5 * HOUR + RETENTION);
    expect(nextDueMs(state, RETENTION)).toBe(T0 + 5 * HOUR + RETENTION);
  });

  it('is forgotten from the end of its retention on, not before', () => {
    const end = T0 + 5 * HOUR + RETENTION;
    expect(isRetentionOver(state, RETENTION, end - 1)).toBe(false);
    expect(isRetentionOver(state, RETENTION, end)).toBe(true);
    expect(isRetentionOver(state, RETENTION, end + DAY)).toBe(true);
  });

  it('measures the retention from the latest event by time, not the last to arrive', () => {
    const late = after(
      order(T0),
      pickup(T0 + HOUR),
      delivered(T0 + 5 * HOUR),
      hubScan(T0 + 2 * HOUR), // arrives last, but happened before the delivery
    );
    expect(retentionEndMs(late, RETENTION)).toBe(T0 + 5 * HOUR + RETENTION);
  });
});

describe('a waybill whose order never came', () => {
  const state = after(pickup(T0 + HOUR), hubScan(T0 + 3 * HOUR));

  it('judges nothing, so nothing is pending, and expires like a finished shipment', () => {
    expect(state.order).toBeUndefined();
    expect(state.finished).toBe(false);
    expect(state.pending).toEqual([]);
    expect(nextDueMs(state, RETENTION)).toBe(T0 + 3 * HOUR + RETENTION);
    expect(isRetentionOver(state, RETENTION, T0 + 3 * HOUR + RETENTION)).toBe(true);
  });

  it('is kept once its order arrives and sets deadlines', () => {
    const ordered = evaluate(defaults, state, order(T0), T0 + 3 * HOUR).state;
    expect(ordered.pending.length).toBeGreaterThan(0);
    expect(retentionEndMs(ordered, RETENTION)).toBeUndefined();
  });
});

describe('an empty state', () => {
  it('expires at the retention itself: it has no event to measure from', () => {
    expect(nextDueMs(emptyState(), RETENTION)).toBe(RETENTION);
  });
});
