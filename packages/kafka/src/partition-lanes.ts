/**
 * Read-ahead: each partition's batches are handled one after the other, in
 * offset order, on a lane of their own, while the client fetches the next
 * ones. kafkajs fetches from a broker again only once every batch of its
 * last fetch was handed back; handing a batch back when it is queued rather
 * than when it is done lets the next fetch travel while this one is judged
 * (the Java client and librdkafka prefetch the same way).
 *
 * A lane holds one batch in hand and at most one queued: the `earlier` that
 * `enqueue` returns resolves when the lane's earlier batch is done, and the
 * client, awaiting it, holds the batch after it until then. At most
 * `concurrency` batches are handled at once over all lanes, as kafkajs's own
 * `partitionsConsumedConcurrently` did.
 *
 * A batch that failed rejects its lane: the next `enqueue` on that lane
 * (the client's next batch of the partition, or the same batch fetched
 * again) rejects with that error and clears the lane, so the error reaches
 * the client once and the client's retries handle the batch again.
 */
export class PartitionLanes {
  private readonly tails = new Map<string, Promise<void>>();
  /** Bumped per lane by `drop`, and for all by `dropAll`: queued work of an earlier epoch is not started. */
  private readonly laneEpochs = new Map<string, number>();
  private epoch = 0;
  private running = 0;
  private waitingInLane = 0;
  private readonly waiting: Array<() => void> = [];

  constructor(private readonly concurrency: number) {}

  /**
   * Queues `work` on `lane` after what is queued there. `earlier` resolves
   * once the lane's earlier work is done, or rejects with its error (and then
   * `work` is not run); `done` settles when `work` does.
   */
  enqueue(
    lane: string,
    work: () => Promise<void>,
  ): { earlier: Promise<void>; done: Promise<void>; started: () => boolean } {
    const earlier = this.tails.get(lane) ?? Promise.resolve();
    const epoch = this.epoch;
    const laneEpoch = this.laneEpochs.get(lane) ?? 0;
    const current = () => epoch === this.epoch && laneEpoch === (this.laneEpochs.get(lane) ?? 0);
    this.waitingInLane++;
    let started = false;
    const start = () => {
      this.waitingInLane--;
      started = current();
      return started ? this.inSlot(work) : undefined;
    };
    const done = earlier.then(start, (error: unknown) => {
      this.waitingInLane--;
      throw error;
    });
    this.tails.set(lane, done);
    // Awaited later, or never when no later batch of the partition comes: not an unhandled rejection.
    done.catch(() => undefined);
    return {
      earlier: earlier.catch((error: unknown) => {
        // The error goes to the client once; whatever it fetches next starts a clean lane.
        if (this.tails.get(lane) === done) this.tails.delete(lane);
        throw error;
      }),
      done,
      // Read once `earlier` resolved (the work is started, or dropped, by then).
      started: () => started,
    };
  }

  /** Batches queued behind their lane's batch in hand: fetched ahead. */
  queued(): number {
    return this.waitingInLane;
  }

  /** Queued work of this lane is not started (its partition reads again from an earlier offset). */
  drop(lane: string): void {
    this.laneEpochs.set(lane, (this.laneEpochs.get(lane) ?? 0) + 1);
  }

  /** Queued work of every lane is not started (a rejoin or a reposition: the partitions are read again from the positions). */
  dropAll(): void {
    this.epoch++;
    // Work in hand still goes first, but a failure in it no longer reaches the next batch: read again from the new positions.
    const settled = (tail: Promise<void>) => tail.catch(() => undefined);
    for (const [lane, tail] of this.tails) this.tails.set(lane, settled(tail));
  }

  private async inSlot(work: () => Promise<void>): Promise<void> {
    if (this.running >= this.concurrency) await new Promise<void>((resolve) => this.waiting.push(resolve));
    else this.running++;
    try {
      await work();
    } finally {
      const next = this.waiting.shift();
      // The slot passes straight to the next waiter, so the count stays right.
      if (next) next();
      else this.running--;
    }
  }
}
