import { createHash } from 'node:crypto';
import { BREACH_STATUSES, EVENT_TYPES, LAST_SEEN_KINDS, LEVELS, ROUTE_CLASSES } from '@slawatch/contract';
import { describe, expect, it } from 'vitest';
import { decodeState, encodeState } from '../src/index.js';
import type { RememberedValue, ShipmentState } from '../src/state.js';
import { defaults, T0 } from './shipment.js';

/**
 * Pins the stored format byte for byte: states already in Redis must still
 * decode, and a state must encode to the same bytes whatever the encoder's
 * inside looks like. The states come from a small seeded generator (not from
 * the judgement, so a change of the rules does not move these bytes).
 */

/** mulberry32: a seeded generator, so the states (and their digest) never change. */
function generator(seed: number) {
  let s = seed >>> 0;
  const next = () => {
    s = (s + 0x6d2b79f5) >>> 0;
    let t = s;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
  const int = (below: number) => Math.floor(next() * below);
  const chance = (p: number) => next() < p;
  const pick = <T>(list: ReadonlyArray<T>): T => list[int(list.length)]!;
  return { next, int, chance, pick };
}

type Generator = ReturnType<typeof generator>;

const TEXTS = [
  'C1',
  'Shanghai',
  'H1',
  'BJ01',
  'K7',
  '上海',
  'Ürümqi',
  'courier-🚚',
  'x'.repeat(140),
  'a b\u0000c',
];

/** A span in ms: mostly whole seconds, some with milliseconds, some negative, some long. */
function span(g: Generator): number {
  const magnitude = g.chance(0.7)
    ? g.int(200_000) * 1000
    : g.chance(0.5)
      ? g.int(10_000_000)
      : g.int(2 ** 40);
  return g.chance(0.1) ? -magnitude : magnitude;
}

function remembered(g: Generator, baseMs: number): number {
  switch (g.int(6)) {
    case 0:
      return g.int(10);
    case 1:
      return -g.int(100_000);
    case 2:
      return baseMs + span(g); // a time near the shipment's own
    case 3:
      return g.int(10_000) / 8 - 300; // a float
    case 4:
      return 2 ** 53 + 2 * g.int(1000); // beyond safe integers
    default:
      return g.int(2 ** 45);
  }
}

/**
 * A state the codec round-trips: names from the compiled standards (or
 * `unknown` for segment and product), pending deadlines in the file's order.
 */
function randomState(g: Generator): ShipmentState {
  const events: ShipmentState['events'] = [];
  let timeMs = T0 + g.int(2 ** 30) * 1000 + (g.chance(0.2) ? g.int(1000) : 0);
  for (let count = g.int(13); count > 0; count--) {
    events.push({ hash: g.int(2 ** 32), type: g.pick(EVENT_TYPES), timeMs });
    timeMs += g.chance(0.1) ? 0 : Math.abs(span(g));
  }
  const baseMs = events[0]?.timeMs ?? 0;
  const state: ShipmentState = {
    events,
    values: [],
    marks: [],
    breaches: [],
    outcomes: [],
    pending: [],
    finished: g.chance(0.3),
  };
  if (g.chance(0.85)) {
    state.order = {
      segment: g.chance(0.9) ? g.pick(defaults.segments) : 'unknown',
      product: g.chance(0.9) ? g.pick(defaults.products) : 'unknown',
      route: g.pick(ROUTE_CLASSES),
    };
    if (g.chance(0.5)) state.order.customerId = g.pick(TEXTS);
    if (g.chance(0.5)) state.order.originCity = g.pick(TEXTS);
    if (g.chance(0.5)) state.order.destinationCity = g.pick(TEXTS);
  }
  // As the core keeps them, like the outcomes below: by slot index, at the slots' length once one is.
  const values = defaults.slots.map((): RememberedValue | undefined => undefined);
  for (const [index] of defaults.slots.entries())
    if (g.chance(0.4)) values[index] = { value: remembered(g, baseMs), timeMs: baseMs + span(g) };
  if (values.some((value) => value !== undefined)) state.values = values;
  if (events.length > 0)
    for (let count = g.int(4); count > 0; count--)
      state.marks.push({ hash: g.pick(events).hash, clause: g.pick(defaults.clauses) });
  for (let count = g.int(5); count > 0; count--) {
    const breach: ShipmentState['breaches'][number] = {
      standard: g.pick(defaults.standards).id,
      level: g.pick(LEVELS),
      status: g.pick(BREACH_STATUSES),
      occurrence: g.chance(0.6) ? 0 : baseMs + span(g),
    };
    if (g.chance(0.6)) breach.dueMs = baseMs + span(g);
    state.breaches.push(breach);
  }
  // As the core keeps them: none decided is an empty list, otherwise one at the file's length.
  const outcomes = defaults.standards.map((): boolean | undefined => undefined);
  for (const standard of defaults.standards) if (g.chance(0.3)) outcomes[standard.index] = g.chance(0.5);
  if (outcomes.some((outcome) => outcome !== undefined)) state.outcomes = outcomes;
  for (const id of defaults.deadlineIds)
    if (g.chance(0.25)) state.pending.push({ id, dueMs: baseMs + span(g) });
  if (events.length > 0 && g.chance(0.7)) {
    state.lastSeen = { hash: g.pick(events).hash, kind: g.pick(LAST_SEEN_KINDS), id: g.pick(TEXTS) };
    if (g.chance(0.5)) state.lastSeen.courierId = g.pick(TEXTS);
  }
  return state;
}

/** Marks and last-seen records point to an event by index: with a repeated hash, the first such event. */
const hashesUnique = (state: ShipmentState) =>
  new Set(state.events.map((e) => e.hash)).size === state.events.length;

/** Remembered values by slot name, as the state keeps them: by the slot's index. */
function bySlot(named: Record<string, RememberedValue>): Array<RememberedValue | undefined> {
  return defaults.slots.map((slot) => named[slot]);
}

const hex = (state: ShipmentState) => encodeState(defaults, state).toString('hex');

describe('the stored state format', () => {
  it('writes a typical shipment byte for byte, and reads one written in the earlier value order', () => {
    const state: ShipmentState = {
      events: [
        { hash: 0x12345678, type: 'order.created', timeMs: T0 },
        { hash: 0x9abcdef0, type: 'dispatch.picked_up', timeMs: T0 + 7_200_000 },
        { hash: 0x0badf00d, type: 'dispatch.hub_scan', timeMs: T0 + 21_600_123 },
      ],
      order: {
        segment: 'ecommerce',
        product: 'next_day',
        route: 'inter_province',
        customerId: 'C1',
        originCity: 'Shanghai',
        destinationCity: '北京',
      },
      values: bySlot({
        'order.created.pieces': { value: 2, timeMs: T0 },
        'order.created.promisedDeliveryBy': { value: T0 + 86_400_000, timeMs: T0 },
        'dispatch.picked_up.pieces': { value: 1.5, timeMs: T0 + 7_200_000 },
      }),
      marks: [{ hash: 0x9abcdef0, clause: 'stockout#0' }],
      breaches: [
        {
          standard: 'pickup_on_time',
          level: 'warn',
          status: 'resolved',
          occurrence: 0,
          dueMs: T0 + 3_600_000,
        },
        { standard: 'tracking_keeps_moving', level: 'breach', status: 'open', occurrence: T0 + 7_200_000 },
      ],
      outcomes: defaults.standards.map((s) =>
        s.id === 'pickup_on_time' ? true : s.id === 'lost' ? false : undefined,
      ),
      pending: [
        { id: 'tracking_keeps_moving:warn', dueMs: T0 + 36_000_000 },
        { id: 'delivered_on_time:breach', dueMs: T0 + 86_400_000 },
      ],
      lastSeen: { hash: 0x0badf00d, kind: 'hub', id: 'H1', courierId: 'K7' },
      finished: false,
    };
    // The remembered values in slot order (dispatch.picked_up.pieces first).
    const expected =
      '0145483ac084fedc1a0101024331085368616e6768616906e58c97e4baac031234567800009abcde' +
      'f00480e1010badf00d05edd3bb1b030180e101023ff800000000000002000004030001808c150101' +
      '01020028c070031180e101010800240080e508808c150201024831024b37';
    expect(hex(state)).toBe(expected);
    expect(decodeState(defaults, encodeState(defaults, state))).toEqual(state);
    // Written before values were kept by slot: in the order they were learnt. Read the same.
    const learntOrder =
      '0145483ac084fedc1a0101024331085368616e6768616906e58c97e4baac031234567800009abcde' +
      'f00480e1010badf00d05edd3bb1b0302000004030001808c150180e101023ff80000000000000101' +
      '01020028c070031180e101010800240080e508808c150201024831024b37';
    expect(decodeState(defaults, Buffer.from(learntOrder, 'hex'))).toEqual(state);
  });

  it('writes random states to the same bytes as before (digest of 600 states)', () => {
    const g = generator(20261102);
    const digest = createHash('sha256');
    for (let i = 0; i < 600; i++) {
      const state = randomState(g);
      // Some out of the file's order, an id repeated: written in the file's order, the last due time.
      if (i % 5 === 0 && state.pending.length > 1)
        state.pending = [...state.pending.reverse(), { ...state.pending[0]!, dueMs: T0 + i * 1000 }];
      const bytes = encodeState(defaults, state);
      digest.update(String(bytes.length)).update(bytes);
    }
    expect(digest.digest('hex')).toBe('30b6ed03665a6417b769ca5ddfd75813dc4581d52d20b352f1bfff8e942e4dd6');
  });

  it('decodes what it writes, and writes what it decoded to the same bytes', () => {
    const g = generator(7);
    for (let i = 0; i < 600; i++) {
      const state = randomState(g);
      const bytes = encodeState(defaults, state);
      const decoded = decodeState(defaults, bytes);
      if (hashesUnique(state)) expect(decoded).toEqual(state);
      expect(encodeState(defaults, decoded)).toEqual(bytes);
    }
  });

  it('writes pending deadlines in the file order, the last due time of a repeated id', () => {
    const g = generator(99);
    const state = randomState(g);
    const [first, second] = defaults.deadlineIds;
    state.pending = [
      { id: second!, dueMs: T0 + 2_000 },
      { id: first!, dueMs: T0 + 1_000 },
      { id: second!, dueMs: T0 + 3_000 },
    ];
    const decoded = decodeState(defaults, encodeState(defaults, state));
    expect(decoded.pending).toEqual([
      { id: first, dueMs: T0 + 1_000 },
      { id: second, dueMs: T0 + 3_000 },
    ]);
  });
});
