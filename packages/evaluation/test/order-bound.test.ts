import { describe, expect, it } from 'vitest';
import { evaluate } from '../src/evaluate.js';
import { DEFAULT_ORDER_BOUND, outsideOrderBound } from '../src/order-bound.js';
import { emptyState } from '../src/state.js';
import { DAY, defaults, HOUR, order, pickup, T0 } from './shipment.js';

const bound = DEFAULT_ORDER_BOUND;
const after = (events: ReturnType<typeof order>[]) =>
  events.reduce((state, event) => evaluate(defaults, state, event, T0).state, emptyState());

describe('events dated implausibly far from their order', () => {
  it('refuses a pickup dated more than a day before its order, naming both times and no value of the event', () => {
    const state = after([order(T0)]);
    const message = outsideOrderBound(state, { type: 'dispatch.picked_up', timeMs: T0 - DAY - 1 }, bound);
    expect(message).toBe(
      `time: expected no earlier than ${new Date(T0 - DAY).toISOString()} (the order's time ${new Date(T0).toISOString()} minus 24 h), got ${new Date(T0 - DAY - 1).toISOString()}`,
    );
  });

  it('accepts an event up to the bound before its order, and any event after it', () => {
    const state = after([order(T0)]);
    expect(outsideOrderBound(state, { type: 'dispatch.picked_up', timeMs: T0 - DAY }, bound)).toBeUndefined();
    expect(
      outsideOrderBound(state, { type: 'delivery.delivered', timeMs: T0 + 30 * DAY }, bound),
    ).toBeUndefined();
  });

  it('has nothing to compare before the order arrives', () => {
    expect(outsideOrderBound(emptyState(), { type: 'dispatch.picked_up', timeMs: 0 }, bound)).toBeUndefined();
  });

  it('refuses an order dated more than the bound after an event already read, whichever arrives first', () => {
    const state = after([pickup(T0)]);
    expect(outsideOrderBound(state, { type: 'order.created', timeMs: T0 + DAY + HOUR }, bound)).toMatch(
      /^time: expected no later than .* \(the shipment's earliest event .* plus 24 h\), got /,
    );
    expect(outsideOrderBound(state, { type: 'order.created', timeMs: T0 + DAY }, bound)).toBeUndefined();
  });

  it('follows a configured bound', () => {
    const state = after([order(T0)]);
    const tight = { maxBeforeOrderMs: HOUR };
    expect(outsideOrderBound(state, { type: 'dispatch.picked_up', timeMs: T0 - 2 * HOUR }, tight)).toContain(
      'minus 1 h',
    );
  });
});
