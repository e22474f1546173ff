import { describe, expect, it } from 'vitest';
import {
  type AttainmentChange,
  attainmentChanges,
  evaluate,
  fireDue,
  type ShipmentState,
} from '../src/index.js';
import { DAY, defaults, delivered, event, HOUR, order, pickup, T0, WAYBILL } from './shipment.js';

/** Net counts per `standard|field` over a run of state transitions. */
function tally(states: Array<ShipmentState | undefined>): Record<string, number> {
  const out: Record<string, number> = {};
  for (let i = 1; i < states.length; i++) {
    for (const change of attainmentChanges(states[i - 1], states[i], defaults)) {
      for (const [field, delta] of Object.entries(change.deltas)) {
        const key = `${change.standard}|${field}`;
        out[key] = (out[key] ?? 0) + delta;
        if (out[key] === 0) delete out[key];
      }
    }
  }
  return out;
}

function pickupOnly(changes: ReadonlyArray<AttainmentChange>) {
  return changes.filter((c) => c.standard === 'pickup_on_time');
}

describe('attainment changes', () => {
  it('counts a met standard once, in the cell of the order day in Shanghai', () => {
    const placed = evaluate(defaults, undefined, order(T0), T0).state;
    const picked = evaluate(defaults, placed, pickup(T0 + HOUR), T0 + HOUR).state;
    expect(pickupOnly(attainmentChanges(placed, picked, defaults))).toEqual([
      {
        day: '2026-11-02',
        standard: 'pickup_on_time',
        segment: 'individual',
        product: 'standard',
        route: 'inter_province',
        deltas: { judged: 1, met: 1 },
      },
    ]);
  });

  it('uses the local day: 23:30 UTC is the next day in Shanghai', () => {
    const late = Date.parse('2026-11-02T23:30:00Z');
    const placed = evaluate(defaults, undefined, order(late), late).state;
    const picked = evaluate(defaults, placed, pickup(late + HOUR), late + HOUR).state;
    expect(pickupOnly(attainmentChanges(placed, picked, defaults))[0]?.day).toBe('2026-11-03');
  });

  it('counts a breach, then moves it to met when a late pickup proves it in time (judged once)', () => {
    const placed = evaluate(defaults, undefined, order(T0), T0).state;
    const fired = fireDue(defaults, placed, WAYBILL, T0 + 3 * HOUR).state;
    expect(tally([placed, fired])).toMatchObject({
      'pickup_on_time|judged': 1,
      'pickup_on_time|breached.breach': 1,
    });
    expect(tally([placed, fired])['pickup_on_time|met']).toBeUndefined();
    const late = evaluate(defaults, fired, pickup(T0 + HOUR), T0 + 4 * HOUR).state;
    const net = tally([placed, fired, late]);
    expect(net['pickup_on_time|judged']).toBe(1);
    expect(net['pickup_on_time|met']).toBe(1);
    expect(net['pickup_on_time|breached.breach']).toBeUndefined();
  });

  it('takes the count back when a late cancellation leaves the standard undecided', () => {
    const placed = evaluate(defaults, undefined, order(T0), T0).state;
    const fired = fireDue(defaults, placed, WAYBILL, T0 + 3 * HOUR).state;
    const cancelled = evaluate(
      defaults,
      fired,
      event('order.cancelled', T0 + HOUR, { reason: 'customer' }),
      T0 + 4 * HOUR,
    ).state;
    expect(tally([placed, fired, cancelled])['pickup_on_time|judged']).toBeUndefined();
  });

  it('counts nothing for a duplicate, and nothing when the state is deleted', () => {
    const created = order(T0);
    const placed = evaluate(defaults, undefined, created, T0).state;
    const picked = evaluate(defaults, placed, pickup(T0 + HOUR), T0 + HOUR).state;
    const again = evaluate(defaults, picked, created, T0 + 2 * HOUR);
    expect(again.duplicate).toBe(true);
    expect(attainmentChanges(picked, again.state, defaults)).toEqual([]);
    expect(attainmentChanges(picked, undefined, defaults)).toEqual([]);
  });

  it('counts a breach at each level once per shipment, and met with only a warning', () => {
    const ecommerce = order(T0, { segment: 'ecommerce' });
    const placed = evaluate(defaults, undefined, ecommerce, T0).state;
    const warned = fireDue(defaults, placed, WAYBILL, T0 + 25 * HOUR).state;
    const picked = evaluate(defaults, warned, pickup(T0 + 30 * HOUR), T0 + 30 * HOUR).state;
    const net = tally([placed, warned, picked]);
    expect(net).toMatchObject({
      'pickup_on_time|judged': 1,
      'pickup_on_time|met': 1,
      'pickup_on_time|breached.warn': 1,
    });
  });

  it('judges a whole delivered shipment into one cell per standard', () => {
    const states: Array<ShipmentState | undefined> = [undefined];
    let state: ShipmentState | undefined;
    for (const [e, at] of [
      [order(T0), T0],
      [pickup(T0 + HOUR), T0 + HOUR],
      [delivered(T0 + DAY), T0 + DAY],
    ] as const) {
      state = evaluate(defaults, state, e, at).state;
      states.push(state);
    }
    const net = tally(states);
    expect(net['delivered_on_time|judged']).toBe(1);
    expect(net['delivered_on_time|met']).toBe(1);
    for (const [key, value] of Object.entries(net)) expect(value, key).toBeGreaterThan(0);
  });

  it('sums every step to the counts of the final state, in any arrival order, with deadlines fired between', () => {
    /** Net counts per cell and field, from each step's changes. */
    const cellTally = (states: Array<ShipmentState | undefined>) => {
      const out: Record<string, number> = {};
      for (let i = 1; i < states.length; i++) {
        for (const change of attainmentChanges(states[i - 1], states[i], defaults)) {
          for (const [field, delta] of Object.entries(change.deltas)) {
            const key = [
              change.day,
              change.standard,
              change.segment,
              change.product,
              change.route,
              field,
            ].join('|');
            out[key] = (out[key] ?? 0) + delta;
            if (out[key] === 0) delete out[key];
          }
        }
      }
      return out;
    };
    const events = [
      [order(T0), T0],
      [pickup(T0 + 5 * HOUR), T0 + 5 * HOUR],
      [delivered(T0 + 4 * DAY), T0 + 4 * DAY],
    ] as const;
    for (const arrival of [
      [0, 1, 2],
      [1, 0, 2],
      [2, 1, 0],
      [1, 2, 0],
    ]) {
      const states: Array<ShipmentState | undefined> = [undefined];
      let state: ShipmentState | undefined;
      let now = T0;
      for (const index of arrival) {
        const [e, at] = events[index]!;
        now = Math.max(now, at) + HOUR;
        state = evaluate(defaults, state, e, now).state;
        states.push(state);
        // The clock runs on: whatever fell due meanwhile fires.
        const fired = fireDue(defaults, state, WAYBILL, now + DAY);
        state = fired.state;
        states.push(state);
      }
      const whole = cellTally([undefined, state]);
      expect(cellTally(states), `arrival ${arrival.join(',')}`).toEqual(whole);
      expect(Object.keys(whole).length).toBeGreaterThan(0);
    }
  });
});
