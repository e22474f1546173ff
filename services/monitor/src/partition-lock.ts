/**
 * Serialises work on one partition number within this process: the batches
 * of partition p of every input topic and the deadline firing of p touch the
 * same shipments, and running them one after another avoids conflicting
 * writes (which the store would detect and retry, at a cost).
 */
export class PartitionLock {
  private readonly tails = new Map<number, Promise<unknown>>();

  run<T>(partition: number, work: () => Promise<T>): Promise<T> {
    const previous = this.tails.get(partition) ?? Promise.resolve();
    const next = previous.then(work, work);
    const tail = next.catch(() => undefined);
    this.tails.set(partition, tail);
    void tail.then(() => {
      if (this.tails.get(partition) === tail) this.tails.delete(partition);
    });
    return next;
  }
}
