import { type BreachChange, sampleBreachChange } from '@slawatch/contract';
import { describe, expect, it } from 'vitest';
import { fairOrder } from '../src/fair-order.js';

const at = (hub: string, waybill: string, status: BreachChange['status'] = 'open') =>
  sampleBreachChange({
    breachId: `${waybill}:delivered_on_time:breach:1`,
    waybill,
    status,
    cause: { lastSeen: { kind: 'hub', id: hub, at: '2026-12-01T00:00:00.000Z' } },
  });

describe('fair order of a batch', () => {
  it('takes an unrelated breach among the first, however many of one cause came before it', () => {
    const storm = Array.from({ length: 1000 }, (_, i) => [at('HGH01', `S${i}`)]);
    const unrelated = [at('PEK01', 'U1')];
    const ordered = fairOrder([...storm, unrelated]);
    expect(ordered).toHaveLength(1001);
    expect(ordered.findIndex((changes) => changes[0]!.waybill === 'U1')).toBe(1);
    // Within one cause, arrival order is kept.
    const stormOrder = ordered.filter((c) => c[0]!.waybill.startsWith('S')).map((c) => c[0]!.waybill);
    expect(stormOrder).toEqual(storm.map((c) => c[0]!.waybill));
  });

  it("keeps each breach's changes together and in order, and drops nothing", () => {
    const opened = at('HGH01', 'A');
    const resolved = at('HGH01', 'A', 'resolved');
    const ordered = fairOrder([[opened, resolved], [at('HGH01', 'B')], [at('CAN01', 'C')], []]);
    expect(ordered.map((changes) => changes.map((c) => `${c.waybill}:${c.status}`))).toEqual([
      ['A:open', 'A:resolved'],
      ['C:open'],
      ['B:open'],
    ]);
  });
});
