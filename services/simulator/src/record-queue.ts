import type { SimulatedRecord } from '@slawatch/network-simulation';

/** Records waiting for their publication time: a binary min-heap on publishAtMs, first in first out among equals. */
export class RecordQueue {
  private readonly heap: Array<{ record: SimulatedRecord; order: number }> = [];
  private added = 0;

  get size(): number {
    return this.heap.length;
  }

  push(record: SimulatedRecord): void {
    this.heap.push({ record, order: this.added++ });
    let child = this.heap.length - 1;
    while (child > 0) {
      const parent = (child - 1) >> 1;
      if (!this.before(child, parent)) break;
      this.swap(child, parent);
      child = parent;
    }
  }

  /** Removes and returns every record due at or before `nowMs`, in publication order. */
  takeDue(nowMs: number): SimulatedRecord[] {
    const due: SimulatedRecord[] = [];
    while (this.heap.length > 0 && (this.heap[0]?.record.publishAtMs ?? Number.POSITIVE_INFINITY) <= nowMs) {
      due.push(this.pop());
    }
    return due;
  }

  private pop(): SimulatedRecord {
    const top = this.heap[0] as { record: SimulatedRecord };
    const last = this.heap.pop() as { record: SimulatedRecord; order: number };
    if (this.heap.length > 0) {
      this.heap[0] = last;
      let parent = 0;
      for (;;) {
        const left = 2 * parent + 1;
        const right = left + 1;
        let first = parent;
        if (left < this.heap.length && this.before(left, first)) first = left;
        if (right < this.heap.length && this.before(right, first)) first = right;
        if (first === parent) break;
        this.swap(parent, first);
        parent = first;
      }
    }
    return top.record;
  }

  private before(a: number, b: number): boolean {
    const x = this.heap[a] as { record: SimulatedRecord; order: number };
    const y = this.heap[b] as { record: SimulatedRecord; order: number };
    return (
      x.record.publishAtMs < y.record.publishAtMs ||
      (x.record.publishAtMs === y.record.publishAtMs && x.order < y.order)
    );
  }

  private swap(a: number, b: number): void {
    const x = this.heap[a] as { record: SimulatedRecord; order: number };
    this.heap[a] = this.heap[b] as { record: SimulatedRecord; order: number };
    this.heap[b] = x;
  }
}
