import type { Logger } from '@slawatch/logger';
import { decodeStored, type ShipmentStore, type ShipmentWrite } from '@slawatch/shipment-store';
import type { PartitionLock } from './partition-lock.js';
import type { EvaluatedShipment, ShipmentEvaluation } from './shipment-evaluation.js';

export interface DeadlineSchedulerOptions {
  /** How often owned partitions are polled; bounds how late a deadline fires. */
  pollIntervalMs: number;
  /** How long a claimed bucket stays ours; a crashed poller's buckets come back after it. */
  leaseMs: number;
  bucketsPerPoll: number;
}

export interface FiredShipments {
  partition: number;
  results: EvaluatedShipment[];
  lateness: number[];
}

/**
 * Fires deadlines on the wall clock, so a quiet partition still produces its
 * breaches. Each instance polls only the partitions the consumer group gave
 * it; when an instance dies, its partitions (and so its deadlines) move to
 * the survivors. A bucket is claimed atomically with a lease, and every write
 * is conditional on the state read, so a deadline fires once even while two
 * instances briefly both think they own a partition.
 */
export class DeadlineScheduler {
  private timer: NodeJS.Timeout | undefined;
  private polling: Promise<void> | undefined;
  private stopped = false;

  constructor(
    private readonly store: ShipmentStore,
    private readonly evaluation: ShipmentEvaluation,
    private readonly lock: PartitionLock,
    private readonly partitions: () => number[],
    private readonly options: DeadlineSchedulerOptions,
    private readonly logger: Logger,
    private readonly onFired: (fired: FiredShipments) => void,
  ) {}

  start(): void {
    const tick = () => {
      if (this.stopped) return;
      this.polling = this.pollOnce()
        .catch((error) => this.logger.warn({ err: error }, 'deadline poll failed; retrying'))
        .finally(() => {
          this.polling = undefined;
          if (!this.stopped) this.timer = setTimeout(tick, this.options.pollIntervalMs);
        });
    };
    tick();
  }

  async pollOnce(): Promise<void> {
    await Promise.all(this.partitions().map((p) => this.lock.run(p, () => this.pollPartition(p))));
  }

  private async pollPartition(partition: number): Promise<void> {
    for (;;) {
      const now = Date.now();
      const buckets = await this.store.claimDue(
        partition,
        now,
        this.options.leaseMs,
        this.options.bucketsPerPoll,
      );
      if (buckets.length === 0) return;
      const writes: ShipmentWrite[] = [];
      const outbox: string[] = [];
      const results: EvaluatedShipment[] = [];
      const lateness: number[] = [];
      for (const { shipments } of buckets) {
        for (const [waybill, value] of shipments) {
          const { nextDueMs } = decodeStored(value);
          if (nextDueMs === 0 || nextDueMs > now) continue;
          const result = this.evaluation.fireDue(waybill, value, now);
          lateness.push(now - nextDueMs);
          writes.push({ waybill, expected: value, next: result.next });
          outbox.push(...result.changes.map((c) => JSON.stringify(c)));
          results.push(result);
        }
      }
      const { conflicts } = await this.store.commit(partition, writes, outbox);
      // Re-index in either case: after a conflict (an event for one of these
      // shipments was committed in between) the bucket is still due, and the
      // next poll re-reads and fires it again.
      await this.store.settle(
        partition,
        buckets.map((b) => b.bucket),
      );
      if (conflicts.length > 0) {
        this.logger.debug({ partition, conflicts: conflicts.length }, 'deadline fire conflicted; will retry');
        return;
      }
      this.onFired({ partition, results, lateness });
      if (buckets.length < this.options.bucketsPerPoll) return;
    }
  }

  async stop(): Promise<void> {
    this.stopped = true;
    if (this.timer) clearTimeout(this.timer);
    await this.polling;
  }
}
