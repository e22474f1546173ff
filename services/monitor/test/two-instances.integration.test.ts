import { type EventType, sampleEvent, topicFamilyOf } from '@slawatch/contract';
import { describe, expect, it } from 'vitest';
import { eventually, metricSum } from '../../../test/harness/metrics.js';
import type { ServiceProcess } from '../../../test/harness/service-process.js';
import { isolatedMonitorEnvironment, publish } from '../../../test/harness/topics.js';
import { assignmentOf, monitorHarness, ownedPartitions, stateReader } from './support.js';

const harness = monitorHarness();
const { kafka, monitor } = harness;

describe('two monitors in one consumer group', () => {
  it('each owns the same partition numbers of every input topic, and together they own all', async () => {
    const { topics, env } = isolatedMonitorEnvironment('pair', { KAFKA_PARTITIONS: '4' });
    const first = await monitor(env);
    const second = await monitor(env);
    const inputs = [topics.orders, topics.dispatch, topics.delivery, topics.aftersales];
    await eventually('both monitors hold a share', async () => {
      const [a, b] = [ownedPartitions(first), ownedPartitions(second)];
      return a > 0 && b > 0 && a + b === 16;
    });
    const partitionsOf = (service: ServiceProcess) => {
      const assignment = assignmentOf(service)!;
      const sets = inputs.map((t) => JSON.stringify([...(assignment[t] ?? [])].sort()));
      // Same partition numbers on every input topic: a waybill has one owner.
      expect(new Set(sets).size).toBe(1);
      return JSON.parse(sets[0]!) as number[];
    };
    const a = partitionsOf(first);
    const b = partitionsOf(second);
    expect([...a, ...b].sort()).toEqual([0, 1, 2, 3]);

    // Events of 40 waybills across all topics end up in one state each.
    const waybills = Array.from({ length: 40 }, (_, i) => `SW5${String(i).padStart(11, '0')}`);
    const types: EventType[] = [
      'order.created',
      'dispatch.picked_up',
      'delivery.delivered',
      'aftersales.complaint_opened',
    ];
    for (const type of types) {
      const time = new Date(Date.now() - 3_600_000 + types.indexOf(type) * 60_000).toISOString();
      await publish(
        kafka,
        topics[topicFamilyOf(type)],
        waybills.map((w) => ({
          key: w,
          value: JSON.stringify(sampleEvent(type, { subject: w, id: `${w}-${type}`, time })),
        })),
      );
    }
    await eventually('all events accepted by the pair', async () => {
      const total =
        (await metricSum(first.url, 'slawatch_events_total', { result: 'accepted' })) +
        (await metricSum(second.url, 'slawatch_events_total', { result: 'accepted' }));
      return total === waybills.length * types.length;
    });
    expect(await metricSum(first.url, 'slawatch_events_total', { result: 'accepted' })).toBeGreaterThan(0);
    expect(await metricSum(second.url, 'slawatch_events_total', { result: 'accepted' })).toBeGreaterThan(0);
    const states = await stateReader(harness.redis, env).states(waybills);
    for (const w of waybills) expect(states.get(w)?.events).toHaveLength(types.length);
    expect(await metricSum(first.url, 'slawatch_store_conflicts_total')).toBe(0);
  });
});
