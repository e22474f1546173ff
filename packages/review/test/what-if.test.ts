import { readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { compileStandards, type ShipmentEvent } from '@slawatch/evaluation';
import { loadStandards, parseStandards } from '@slawatch/standards';
import { describe, expect, it } from 'vitest';
import { WhatIfReplay } from '../src/index.js';

const path = fileURLToPath(new URL('../../../standards/default.yaml', import.meta.url));
const current = compileStandards(loadStandards(path));
// Individuals and SMEs: 1 h to pick up instead of 2 h.
const tighter = compileStandards(
  parseStandards(
    'tighter.yaml',
    readFileSync(path, 'utf8').replace('        - breach: 2h\n', '        - breach: 1h\n'),
  ),
);

const HOUR = 3_600_000;
const T0 = Date.parse('2026-11-02T01:00:00Z');
let n = 0;
const event = (
  waybill: string,
  type: ShipmentEvent['type'],
  timeMs: number,
  data: Record<string, unknown> = {},
) => ({
  id: `${waybill}-${type}-${n++}`,
  type,
  waybill,
  timeMs,
  data,
});
const order = (waybill: string, segment: string) =>
  event(waybill, 'order.created', T0, {
    orderId: 'O',
    customerId: 'C',
    segment,
    product: 'standard',
    origin: { province: 'Shanghai', city: 'Shanghai' },
    destination: { province: 'Beijing', city: 'Beijing' },
    pieces: 1,
  });

describe('the what-if replay', () => {
  it('counts the same as the current file, and moves exactly the cells a tighter pickup touches', () => {
    const replay = new WhatIfReplay({ current, proposed: tighter });
    // Picked up after 90 min: met at 2 h, breached at 1 h; a key account keeps its own 4 h limit.
    for (const [waybill, segment] of [
      ['W1', 'individual'],
      ['W2', 'key_account'],
    ] as const) {
      replay.add(order(waybill, segment), T0);
      replay.add(
        event(waybill, 'dispatch.picked_up', T0 + 1.5 * HOUR, { outlet: 'SH', pieces: 1 }),
        T0 + 1.5 * HOUR,
      );
    }
    const outcome = replay.finish(T0 + 2 * HOUR);
    const pickup = (cells: typeof outcome.current, segment: string) =>
      cells.find((c) => c.standard === 'pickup_on_time' && c.segment === segment)?.counts;
    expect(pickup(outcome.current, 'individual')).toEqual({ judged: 1, met: 1 });
    expect(pickup(outcome.proposed, 'individual')).toEqual({ judged: 1, 'breached.breach': 1 });
    expect(pickup(outcome.proposed, 'key_account')).toEqual(pickup(outcome.current, 'key_account'));
    expect(outcome.appeared.map((b) => b.breachId)).toEqual(['W1:pickup_on_time:breach:1']);
    expect(outcome.disappeared).toEqual([]);
    expect(outcome.shipments).toBe(2);
    const others = (cells: typeof outcome.current) =>
      cells.filter((c) => !(c.standard === 'pickup_on_time' && c.segment === 'individual'));
    expect(others(outcome.proposed)).toEqual(others(outcome.current));
  });
});
