import { Registry } from 'prom-client';
import { describe, expect, it } from 'vitest';
import { type ObservedConsumer, registerConsumerMetrics } from '../src/index.js';

/** A consumer's state as the metrics see it, changed by the test between scrapes. */
function consumerIn(state: { member: boolean; stalled: string[]; restarts: number }): ObservedConsumer {
  return {
    readiness: () => ({
      ready: state.member && state.stalled.length === 0,
      stalled: state.stalled,
      outOfGroupSinceMs: state.member ? undefined : 1,
    }),
    restartCount: () => state.restarts,
  };
}

describe('consumer metrics', () => {
  it('show membership, stalled partitions and self-restarts as they are at each scrape', async () => {
    const registry = new Registry();
    const state = { member: true, stalled: [] as string[], restarts: 0 };
    registerConsumerMetrics(registry, consumerIn(state), 'slawatch-monitor');
    let text = await registry.metrics();
    expect(text).toContain('slawatch_consumer_member{group="slawatch-monitor"} 1');
    expect(text).toContain('slawatch_consumer_stalled_partitions{group="slawatch-monitor"} 0');
    expect(text).toContain('slawatch_consumer_restarts_total{group="slawatch-monitor"} 0');

    Object.assign(state, { member: false, stalled: ['logistics.orders/2'], restarts: 2 });
    text = await registry.metrics();
    expect(text).toContain('slawatch_consumer_member{group="slawatch-monitor"} 0');
    expect(text).toContain('slawatch_consumer_stalled_partitions{group="slawatch-monitor"} 1');
    expect(text).toContain('slawatch_consumer_restarts_total{group="slawatch-monitor"} 2');
    // A counter: a later scrape adds only what happened since.
    state.restarts = 3;
    expect(await registry.metrics()).toContain(
      'slawatch_consumer_restarts_total{group="slawatch-monitor"} 3',
    );
  });
});
