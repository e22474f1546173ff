import type { Producer } from '@slawatch/kafka';
import type { Logger } from '@slawatch/logger';
import type { ShipmentStore } from '@slawatch/shipment-store';

export interface OutboxRelayOptions {
  store: ShipmentStore;
  producer: Producer;
  /** The breaches topic. */
  topic: string;
  /** The partitions this instance owns now; only their outboxes are its to publish. */
  partitions: () => number[];
  logger: Logger;
  /** Told how many breach changes were published (and removed from the outbox). */
  onPublished?: (count: number) => void;
}

/**
 * Publishes breach changes from the Redis outbox (written atomically with
 * the shipment state) to the breaches topic, then removes them. A crash
 * between publishing and removing publishes those changes again: the topic
 * is at least once, and every change carries a deterministic breachId and
 * revision so consumers drop repeats.
 */
export class OutboxRelay {
  private readonly wanted = new Set<number>();
  private timer: NodeJS.Timeout | undefined;
  private draining: Promise<void> | undefined;
  private stopped = false;

  constructor(private readonly options: OutboxRelayOptions) {}

  /** Sweeps every owned partition each interval, in case a nudge was missed (e.g. after a crash). */
  start(intervalMs = 1000): void {
    this.timer = setInterval(() => {
      for (const p of this.options.partitions()) this.nudge(p);
    }, intervalMs);
    this.timer.unref();
  }

  /** Asks for the outbox of a partition to be drained soon. */
  nudge(partition: number): void {
    this.wanted.add(partition);
    if (!this.draining) this.draining = this.drain().finally(() => (this.draining = undefined));
  }

  private async drain(): Promise<void> {
    while (this.wanted.size > 0 && !this.stopped) {
      const [partition] = this.wanted;
      this.wanted.delete(partition!);
      try {
        await this.drainPartition(partition!);
      } catch (error) {
        this.options.logger.warn({ err: error, partition }, 'outbox publish failed; will retry');
        await new Promise((resolve) => setTimeout(resolve, 500));
        this.wanted.add(partition!);
      }
    }
  }

  private async drainPartition(partition: number): Promise<void> {
    const { store, producer, topic, onPublished } = this.options;
    for (;;) {
      const entries = await store.readOutbox(partition, 500);
      if (entries.length === 0) return;
      // Each entry carries its record key (the waybill): breach records are keyed like the input topics.
      await producer.send(
        topic,
        entries.map(({ key, value }) => ({ key, value })),
      );
      await store.removeFromOutbox(
        partition,
        entries.map((e) => e.id),
      );
      onPublished?.(entries.length);
    }
  }

  async stop(): Promise<void> {
    if (this.timer) clearInterval(this.timer);
    await this.draining;
    this.stopped = true;
  }
}
