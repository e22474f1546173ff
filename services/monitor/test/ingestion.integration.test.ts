import { EVENT_TYPES, type EventType } from '@slawatch/contract';
import { describe, expect, it } from 'vitest';
import { eventually, metricSum } from '../../../test/harness/metrics.js';
import { isolatedMonitorEnvironment } from '../../../test/harness/topics.js';
import { monitorHarness, publishAll, stateReader } from './support.js';

const harness = monitorHarness();
const { monitor } = harness;

// Sample events carry fixed dates; these tests date them an hour ago, in the lifecycle's order.
async function publishEvents(
  topics: Record<string, string>,
  events: Array<{ type: EventType; waybill: string; id: string }>,
) {
  const hourAgo = Date.now() - 3_600_000;
  await publishAll(
    harness.kafka,
    topics,
    events.map((e) => ({ ...e, timeMs: hourAgo + EVENT_TYPES.indexOf(e.type) * 60_000 })),
  );
}

describe('ingestion through the real broker', () => {
  it('accepts every event type of the contract and keeps each in the shipment state once', async () => {
    const { topics, env } = isolatedMonitorEnvironment('all-types');
    const service = await monitor(env);
    const waybill = 'SW100000000001';
    const events = EVENT_TYPES.map((type, i) => ({ type, waybill, id: `all-types-${i}` }));
    await publishEvents(topics, events);
    await eventually('all events accepted', async () => {
      return (
        (await metricSum(service.url, 'slawatch_events_total', { result: 'accepted' })) === events.length
      );
    });
    expect(await metricSum(service.url, 'slawatch_dead_letters_total')).toBe(0);
    for (const type of EVENT_TYPES) {
      expect(await metricSum(service.url, 'slawatch_events_total', { type, result: 'accepted' })).toBe(1);
    }
    const states = await stateReader(harness.redis, env).states([waybill]);
    expect(states.get(waybill)?.events).toHaveLength(EVENT_TYPES.length);
  });

  it('processes events published twice only once', async () => {
    const { topics, env } = isolatedMonitorEnvironment('duplicates');
    const service = await monitor(env);
    const waybills = ['SW200000000001', 'SW200000000002'];
    const types: EventType[] = [
      'order.created',
      'dispatch.picked_up',
      'dispatch.hub_scan',
      'delivery.attempt_failed',
    ];
    const events = waybills.flatMap((waybill) =>
      types.map((type) => ({ type, waybill, id: `${waybill}-${type}` })),
    );
    await publishEvents(topics, events);
    await publishEvents(topics, events);
    // At least both copies: a producer retry (e.g. a leader move just after the topics were
    // created) may deliver a third, which must be dropped like the second.
    await eventually('both copies seen', async () => {
      const seen = await metricSum(service.url, 'slawatch_events_total', {});
      return seen >= events.length * 2;
    });
    expect(await metricSum(service.url, 'slawatch_events_total', { result: 'accepted' })).toBe(events.length);
    expect(
      await metricSum(service.url, 'slawatch_events_total', { result: 'duplicate' }),
    ).toBeGreaterThanOrEqual(events.length);
    const states = await stateReader(harness.redis, env).states(waybills);
    for (const waybill of waybills) expect(states.get(waybill)?.events).toHaveLength(types.length);
  });

  it('loses no event and applies none twice when the monitor is killed mid-stream', async () => {
    const { topics, env } = isolatedMonitorEnvironment('crash');
    const first = await monitor(env);
    const waybills = Array.from({ length: 300 }, (_, i) => `SW3${String(i).padStart(11, '0')}`);
    const types: EventType[] = [
      'order.created',
      'dispatch.picked_up',
      'dispatch.hub_scan',
      'dispatch.out_for_delivery',
      'delivery.attempt_failed',
      'delivery.delivered',
    ];
    const events = waybills.flatMap((waybill) =>
      types.map((type) => ({ type, waybill, id: `${waybill}-${type}` })),
    );
    const publishing = publishEvents(topics, events);
    await eventually('some events processed', async () => {
      return (await metricSum(first.url, 'slawatch_events_total', { result: 'accepted' })) > 0;
    });
    await first.kill();
    await publishing;
    const second = await monitor(env);
    const reader = stateReader(harness.redis, env);
    await eventually(
      'every shipment has all its events',
      async () => {
        const states = await reader.states(waybills);
        return waybills.every((w) => states.get(w)?.events.length === types.length);
      },
      60_000,
    );
    // Redelivered events were recognised, not applied again: each state holds each event once.
    const states = await reader.states(waybills);
    for (const waybill of waybills) {
      const hashes = states.get(waybill)!.events.map((e) => e.hash);
      expect(new Set(hashes).size).toBe(types.length);
    }
    expect(await metricSum(second.url, 'slawatch_dead_letters_total')).toBe(0);
  });
});
