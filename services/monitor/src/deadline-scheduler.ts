import type { Logger } from '@slawatch/logger';
import type { ShipmentStore } from '@slawatch/shipment-store';
import type { ShipmentCommitter } from './commit-shipments.js';
import type { JudgementHorizon } from './evidence-watermark.js';
import type { PartitionLock } from './partition-lock.js';
import { RepeatingTask } from './repeating-task.js';
import type { ShipmentEvaluation } from './shipment-evaluation.js';

export interface DeadlineSchedulerOptions {
  store: ShipmentStore;
  evaluation: ShipmentEvaluation;
  committer: ShipmentCommitter;
  lock: PartitionLock;
  /** The partitions this instance owns now. */
  partitions: () => number[];
  logger: Logger;
  /** How often owned partitions are polled; bounds how late a deadline fires. */
  pollIntervalMs: number;
  /** How long a claimed bucket stays ours; a crashed poller's buckets come back after it. */
  leaseMs: number;
  bucketsPerPoll: number;
  /** How far a partition's deadlines may be judged now: its evidence watermark (see evidence-watermark.ts). */
  horizon: (partition: number, nowMs: number) => JudgementHorizon;
}

/**
 * Fires deadlines as time passes, so a quiet partition still produces its
 * breaches; but only as far as the partition's evidence has been read (its
 * watermark), so a backlog's unread pickups do not look missing. Each
 * instance polls only the partitions the consumer group gave it; when an
 * instance dies, its partitions (and so its deadlines) move to the survivors. A bucket is claimed atomically with a lease, and every write
 * is conditional on the state read, so a deadline fires once even while two
 * instances briefly both think they own a partition.
 */
export class DeadlineScheduler {
  private readonly polling: RepeatingTask;

  constructor(private readonly options: DeadlineSchedulerOptions) {
    this.polling = new RepeatingTask({
      work: () => this.pollOnce(),
      intervalMs: options.pollIntervalMs,
      onError: (error) => options.logger.warn({ err: error }, 'deadline poll failed; retrying'),
    });
  }

  start(): void {
    this.polling.start();
  }

  /**
   * Polls now rather than at the next interval, unless a poll is running:
   * a partition whose evidence just caught up may have many deadlines to judge.
   */
  wake(): void {
    this.polling.wake();
  }

  async pollOnce(): Promise<void> {
    const { partitions, lock } = this.options;
    await Promise.all(partitions().map((p) => lock.run(p, () => this.pollPartition(p))));
  }

  private async pollPartition(partition: number): Promise<void> {
    const { store, evaluation, committer, leaseMs, bucketsPerPoll, horizon } = this.options;
    for (;;) {
      const clock = horizon(partition, Date.now());
      const buckets = await store.claimDue(partition, {
        dueByMs: clock.horizonMs,
        leaseUntilMs: clock.nowMs + leaseMs,
        limit: bucketsPerPoll,
      });
      if (buckets.length === 0) return;
      const due = new Map<string, Buffer | undefined>();
      for (const { shipments } of buckets) for (const [waybill, value] of shipments) due.set(waybill, value);
      try {
        await committer.commit({
          partition,
          waybills: [...due.keys()],
          stored: due,
          evaluate: (waybill, stored, at) => (stored ? evaluation.fireDue(waybill, stored, at) : undefined),
        });
      } finally {
        // Re-index in either case: if the commit failed (another writer kept
        // changing these shipments) the bucket is still due, and the next
        // poll claims it and fires it again.
        await store.settle(
          partition,
          buckets.map((b) => b.bucket),
        );
      }
      if (buckets.length < bucketsPerPoll) return;
    }
  }

  async stop(): Promise<void> {
    await this.polling.stop();
  }
}
