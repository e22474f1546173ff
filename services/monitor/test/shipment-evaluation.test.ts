import { type ContractEvent, type EventType, sampleEvent } from '@slawatch/contract';
import { compileStandards, encodeState, nextDueMs } from '@slawatch/evaluation';
import { encodeStored } from '@slawatch/shipment-store';
import { loadStandards } from '@slawatch/standards';
import { describe, expect, it } from 'vitest';
import { wallClock } from '../src/evidence-watermark.js';
import { type ArrivedEvent, ShipmentEvaluation } from '../src/shipment-evaluation.js';

const compiled = compileStandards(
  loadStandards(new URL('../../../standards/default.yaml', import.meta.url).pathname),
);
const LIFECYCLE: EventType[] = [
  'order.created',
  'dispatch.picked_up',
  'dispatch.hub_scan',
  'dispatch.out_for_delivery',
  'delivery.delivered',
];

describe('the stored value of a shipment', () => {
  it('is the next due time, then the encoded state, and reads back to the same state', () => {
    const retentionMs = 7 * 86_400_000;
    const evaluation = new ShipmentEvaluation({ compiled, retentionMs });
    const startMs = Date.parse('2026-11-02T01:00:00Z');
    let stored: Buffer | undefined;
    LIFECYCLE.forEach((type, step) => {
      const timeMs = startMs + step * 3_600_000;
      const event = sampleEvent(type, {
        subject: 'SW1',
        id: `SW1-${step}`,
        time: new Date(timeMs).toISOString(),
      });
      const arrived: ArrivedEvent = { event: event as ContractEvent, timeMs, arrivedMs: timeMs };
      const value = evaluation.applyEvents(stored, [arrived], wallClock(timeMs + 60_000)).next!;
      const state = evaluation.decodeState(value);
      expect(state.events).toHaveLength(step + 1);
      expect(value).toEqual(
        encodeStored({ nextDueMs: nextDueMs(state, retentionMs), state: encodeState(compiled, state) }),
      );
      expect(evaluation.encode(state)).toEqual(value);
      stored = value;
    });
  });
});
