import { AttainmentCounts } from '@slawatch/shipment-store';
import { localDay } from '@slawatch/standards';
import { describe, expect, it } from 'vitest';
import { eventually, metricSum } from '../../../test/harness/metrics.js';
import { isolatedMonitorEnvironment } from '../../../test/harness/topics.js';
import {
  E2E_STANDARDS,
  measuredByProduct,
  monitorHarness,
  publishAll,
  type ShipmentEvent,
  sleep,
} from './support.js';

/*
 * Attainment counts are committed with the states they come from: a monitor
 * killed mid-stream, and then a monitor that reads every topic again from the
 * beginning (offsets in Redis gone, a new consumer group), count each
 * shipment once. Pickup limit for individuals: 3 s (end-to-end standards).
 */

const harness = monitorHarness();

function wave(prefix: string, index: number, nowMs: number): ShipmentEvent[] {
  // Per wave: 6 picked up at once (met), 4 never picked up (breached when the deadline fires).
  return Array.from({ length: 10 }, (_, i) => {
    const waybill = `${prefix}${index}-${i}`;
    const order: ShipmentEvent = { type: 'order.created', waybill, timeMs: nowMs };
    if (i >= 6) return [order];
    return [order, { type: 'dispatch.picked_up' as const, waybill, timeMs: nowMs + 500 }];
  })
    .flat()
    .map(measuredByProduct);
}

describe('attainment counts under crashes and replays', () => {
  it('counts every shipment once after a kill mid-stream and a full replay from the beginning', async () => {
    const { topics, env, prefix } = isolatedMonitorEnvironment('attainment-replay', E2E_STANDARDS);
    const counts = new AttainmentCounts(harness.redis, { prefix });
    const waves = 8;
    const start = Date.now();
    const days = [...new Set([start, start + 120_000].map((t) => localDay('Asia/Shanghai', t)))].map((d) =>
      new Date(d * 86_400_000).toISOString().slice(0, 10),
    );
    const pickup = async () => {
      const cells = await counts.read({ partitions: 3, days });
      const sum = (quantity: string) =>
        cells
          .filter((c) => c.standard === 'pickup_on_time')
          .reduce((total, c) => total + (c.counts[quantity] ?? 0), 0);
      // Pickup cells only: silence levels (tracking_keeps_moving) keep firing as time passes.
      const sorted = cells
        .filter((c) => c.standard === 'pickup_on_time')
        .map((c) => JSON.stringify(c))
        .sort();
      return { judged: sum('judged'), met: sum('met'), breached: sum('breached.breach'), cells: sorted };
    };

    const first = await harness.monitor(env);
    for (let i = 0; i < waves; i++) {
      await publishAll(harness.kafka, topics, wave('ATT', i, Date.now()));
      // Killed mid-stream, once the first deadlines have fired and been counted.
      if (i === 3) {
        await eventually('first breaches counted', async () => (await pickup()).breached > 0);
        await first.kill();
      }
      await sleep(300);
    }
    const second = await harness.monitor(env);
    const expected = { judged: waves * 10, met: waves * 6, breached: waves * 4 };
    await eventually(
      'every shipment counted',
      async () => {
        const { judged, met, breached } = await pickup();
        return judged === expected.judged && met === expected.met && breached === expected.breached;
      },
      60_000,
    );
    await sleep(1_500);
    const settled = await pickup();
    expect({ judged: settled.judged, met: settled.met, breached: settled.breached }).toEqual(expected);
    await second.kill();

    // Everything read again: no stored offsets, a new group that starts from the beginning.
    for (let p = 0; p < 3; p++) await harness.redis.del(`${prefix}{p${p}}:offsets`);
    const third = await harness.monitor({
      ...env,
      KAFKA_CONSUMER_GROUP: `${env.KAFKA_CONSUMER_GROUP}-again`,
    });
    const events = waves * 16;
    await eventually(
      'every event read again',
      async () => (await metricSum(third.url, 'slawatch_events_total', { result: 'duplicate' })) >= events,
      60_000,
    );
    await sleep(1_000);
    const replayed = await pickup();
    expect(replayed.cells).toEqual(settled.cells);
    expect(replayed.cells.length).toBeGreaterThan(0);
  }, 150_000);
});
