import { describe, expect, it } from 'vitest';
import {
  DAY,
  delivered,
  event,
  HOUR,
  inOrder,
  order,
  pickup,
  play,
  standing,
  T0,
  WAYBILL,
} from './shipment.js';

const breachOf = (standard: string) => `${WAYBILL}:${standard}:breach:1`;

describe('order information accuracy', () => {
  const corrected = (timeMs: number) => event('order.corrected', timeMs, { field: 'destination.city' });

  it('breaches on a correction after pickup, not before', () => {
    const after = play(inOrder([order(T0), pickup(T0 + HOUR), corrected(T0 + 2 * HOUR)]), T0 + 3 * HOUR);
    expect(standing(after, 'order_information_accuracy')).toEqual({
      [breachOf('order_information_accuracy')]: 'open',
    });
    const before = play(inOrder([order(T0), corrected(T0 + HOUR / 2), pickup(T0 + HOUR)]), T0 + 3 * HOUR);
    expect(standing(before, 'order_information_accuracy')).toEqual({});
  });

  it('breaches when the pieces picked up differ from the pieces ordered', () => {
    const run = play(inOrder([order(T0, { pieces: 3 }), pickup(T0 + HOUR, 2)]), T0 + 2 * HOUR);
    expect(standing(run, 'order_information_accuracy')).toEqual({
      [breachOf('order_information_accuracy')]: 'open',
    });
    expect(run.changes[0]).toMatchObject({ severity: 'minor', element: 'reliability' });
    const same = play(inOrder([order(T0, { pieces: 3 }), pickup(T0 + HOUR, 3)]), T0 + 2 * HOUR);
    expect(standing(same, 'order_information_accuracy')).toEqual({});
  });

  it('is major for a key account', () => {
    const run = play(
      inOrder([order(T0, { pieces: 3, segment: 'key_account' }), pickup(T0 + HOUR, 2)]),
      T0 + 2 * HOUR,
    );
    expect(run.changes.find((c) => c.standard === 'order_information_accuracy')?.severity).toBe('major');
  });
});

describe('stockout', () => {
  it('breaches on any stockout, with the product and segment to count it by', () => {
    const stockout = event('order.stockout', T0 + HOUR, { sku: 'SKU-1', quantityShort: 1 });
    const run = play(
      inOrder([order(T0, { product: 'next_day', segment: 'ecommerce' }), stockout]),
      T0 + HOUR,
    );
    expect(run.changes.find((c) => c.standard === 'stockout')).toMatchObject({
      status: 'open',
      product: 'next_day',
      segment: 'ecommerce',
      evidence: [stockout.id],
    });
  });
});

describe('delivered intact and complete', () => {
  const base = [order(T0, { pieces: 2 }), pickup(T0 + HOUR, 2)];
  const standard = 'delivered_intact_and_complete';

  it('breaches on a damaged delivery', () => {
    const run = play(inOrder([...base, delivered(T0 + DAY, { pieces: 2, condition: 'damaged' })]), T0 + DAY);
    expect(standing(run, standard)).toEqual({ [breachOf(standard)]: 'open' });
  });

  it('breaches when fewer pieces are delivered than were picked up', () => {
    const run = play(inOrder([...base, delivered(T0 + DAY, { pieces: 1 })]), T0 + DAY);
    expect(standing(run, standard)).toEqual({ [breachOf(standard)]: 'open' });
  });

  it('breaches on a lost or damaged exception but not a held one', () => {
    const lost = play(inOrder([...base, event('delivery.exception', T0 + DAY, { kind: 'lost' })]), T0 + DAY);
    expect(standing(lost, standard)).toEqual({ [breachOf(standard)]: 'open' });
    const held = play(inOrder([...base, event('delivery.exception', T0 + DAY, { kind: 'held' })]), T0 + DAY);
    expect(standing(held, standard)).toEqual({});
  });

  it('is met by a complete, intact delivery', () => {
    const run = play(inOrder([...base, delivered(T0 + DAY, { pieces: 2 })]), T0 + DAY);
    expect(standing(run, standard)).toEqual({});
    expect(run.outcomes.find((o) => o.standard === standard)?.met).toBe(true);
  });
});

describe('consented hand-over', () => {
  const standard = 'consented_handover';
  const run = (data: Record<string, unknown>) =>
    standing(play(inOrder([order(T0), pickup(T0 + HOUR), delivered(T0 + DAY, data)]), T0 + DAY), standard);

  it('breaches on a locker, station or proxy hand-over without consent', () => {
    expect(run({ handover: 'locker' })).toEqual({ [breachOf(standard)]: 'open' });
    expect(run({ handover: 'proxy', consented: false })).toEqual({ [breachOf(standard)]: 'open' });
  });

  it('accepts a hand-over to the recipient, or elsewhere with consent', () => {
    expect(run({ handover: 'recipient' })).toEqual({});
    expect(run({ handover: 'station', consented: true })).toEqual({});
  });
});

describe('after-sales', () => {
  const opened = (timeMs: number) =>
    event('aftersales.complaint_opened', timeMs, { complaintId: 'K1', category: 'late' });
  const resolved = (timeMs: number) => event('aftersales.complaint_resolved', timeMs, { complaintId: 'K1' });
  const shipped = (segment: string) => [order(T0, { segment }), pickup(T0 + HOUR), delivered(T0 + DAY)];
  const complaint = 'complaint_answered';

  it('answers a complaint within 24 h for key accounts, 48 h for e-commerce and SME, 72 h for individuals', () => {
    const at = T0 + 2 * DAY;
    for (const [segment, hours] of [
      ['key_account', 24],
      ['ecommerce', 48],
      ['sme', 48],
      ['individual', 72],
    ] as const) {
      const run = play(inOrder([...shipped(segment), opened(at)]), at + (hours + 1) * HOUR);
      expect(run.changes.find((c) => c.standard === complaint)?.dueAt, segment).toBe(
        new Date(at + hours * HOUR).toISOString(),
      );
      const answered = play(
        inOrder([...shipped(segment), opened(at), resolved(at + (hours - 1) * HOUR)]),
        at + 8 * DAY,
      );
      expect(standing(answered, complaint), segment).toEqual({});
    }
  });

  it('raises the 7-day legal limit as a critical level', () => {
    const at = T0 + 2 * DAY;
    const run = play(inOrder([...shipped('sme'), opened(at)]), at + 7 * DAY);
    expect(standing(run, complaint)).toEqual({
      [`${WAYBILL}:${complaint}:breach:1`]: 'open',
      [`${WAYBILL}:${complaint}:critical:1`]: 'open',
    });
    expect(run.changes.find((c) => c.level === 'critical')?.severity).toBe('critical');
    expect(run.changes.find((c) => c.standard === complaint && c.level === 'breach')?.severity).toBe('major');
  });

  it('keeps a delivered shipment unfinished while a complaint is open, even past its last level', () => {
    const at = T0 + 2 * DAY;
    const open = play(inOrder([...shipped('sme'), opened(at)]), at + 10 * DAY);
    expect(open.state?.finished).toBe(false);
    const closed = play(inOrder([...shipped('sme'), opened(at), resolved(at + 10 * DAY)]), at + 10 * DAY);
    expect(closed.state?.finished).toBe(true);
  });

  it('settles a claim within 3 days for key accounts and 7 days for others', () => {
    const filed = event('aftersales.claim_filed', T0 + 2 * DAY, { claimId: 'CL1', amountCny: 120.5 });
    const key = play(inOrder([...shipped('key_account'), filed]), T0 + 20 * DAY);
    expect(key.changes.find((c) => c.standard === 'claim_settled')?.dueAt).toBe(
      new Date(T0 + 5 * DAY).toISOString(),
    );
    const other = play(inOrder([...shipped('ecommerce'), filed]), T0 + 20 * DAY);
    expect(other.changes.find((c) => c.standard === 'claim_settled')?.dueAt).toBe(
      new Date(T0 + 9 * DAY).toISOString(),
    );
  });
});
