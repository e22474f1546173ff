import type { Producer } from '@slawatch/kafka';
import type { Logger } from '@slawatch/logger';
import type { ShipmentStore } from '@slawatch/shipment-store';

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

  constructor(
    private readonly store: ShipmentStore,
    private readonly producer: Producer,
    private readonly topic: string,
    private readonly partitions: () => number[],
    private readonly logger: Logger,
    private readonly onPublished: (payloads: string[]) => void = () => undefined,
  ) {}

  /** Sweeps every owned partition each interval, in case a nudge was missed (e.g. after a crash). */
  start(intervalMs = 1000): void {
    this.timer = setInterval(() => {
      for (const p of this.partitions()) this.nudge(p);
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
        this.logger.warn({ err: error, partition }, 'outbox publish failed; will retry');
        await new Promise((resolve) => setTimeout(resolve, 500));
        this.wanted.add(partition!);
      }
    }
  }

  private async drainPartition(partition: number): Promise<void> {
    for (;;) {
      const entries = await this.store.readOutbox(partition, 500);
      if (entries.length === 0) return;
      await this.producer.send(
        this.topic,
        entries.map((e) => ({ key: waybillOf(e.payload), value: e.payload })),
      );
      await this.store.removeFromOutbox(
        partition,
        entries.map((e) => e.id),
      );
      this.onPublished(entries.map((e) => e.payload));
    }
  }

  async stop(): Promise<void> {
    if (this.timer) clearInterval(this.timer);
    await this.draining;
    this.stopped = true;
  }
}

/** Breach records are keyed by waybill, like the input topics. */
function waybillOf(payload: string): string | null {
  const waybill: unknown = (JSON.parse(payload) as { waybill?: unknown }).waybill;
  return typeof waybill === 'string' ? waybill : null;
}
