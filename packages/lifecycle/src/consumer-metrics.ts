import { Counter, Gauge, type Registry } from 'prom-client';

/** What the metrics read from a consumer (packages/kafka's BatchConsumer has it). */
export interface ObservedConsumer {
  readiness(): { ready: boolean; stalled: string[]; outOfGroupSinceMs: number | undefined };
  restartCount(): number;
}

/**
 * "Consumer not consuming", as dashboards and the generated alert
 * (SlawatchConsumerNotConsuming) see it: membership, stalled partitions and
 * self-restarts of one service's consumer group. Values are read at scrape time.
 */
export function registerConsumerMetrics(registry: Registry, consumer: ObservedConsumer, group: string): void {
  const registers = [registry];
  new Gauge({
    name: 'slawatch_consumer_member',
    help: 'Whether the consumer is a member of its group (1) or out of it: crashed, rejoining, or not started (0)',
    labelNames: ['group'],
    registers,
    collect() {
      this.set({ group }, consumer.readiness().outOfGroupSinceMs === undefined ? 1 : 0);
    },
  });
  new Gauge({
    name: 'slawatch_consumer_stalled_partitions',
    help: 'Owned partitions with a batch in hand, or lag, and no progress for CONSUMER_STALL_SECONDS',
    labelNames: ['group'],
    registers,
    collect() {
      this.set({ group }, consumer.readiness().stalled.length);
    },
  });
  let reported = 0;
  const restarts = new Counter({
    name: 'slawatch_consumer_restarts_total',
    help: 'Crashed consumers replaced by a fresh one (self-healing)',
    labelNames: ['group'],
    registers,
    collect() {
      const now = consumer.restartCount();
      if (now > reported) restarts.inc({ group }, now - reported);
      reported = now;
    },
  });
  restarts.inc({ group }, 0);
}
