import { describe, expect, it } from 'vitest';
import { PartitionLanes } from '../src/partition-lanes.js';

/** A promise and its resolvers, for work that ends when the test says so. */
function gate() {
  let open!: () => void;
  let fail!: (error: Error) => void;
  const promise = new Promise<void>((resolve, reject) => {
    open = resolve;
    fail = reject;
  });
  return { promise, open, fail };
}

const tick = () => new Promise((resolve) => setImmediate(resolve));

describe('PartitionLanes', () => {
  it('hands a batch back at once when its lane is free, and the next only when the earlier one is done', async () => {
    const lanes = new PartitionLanes(3);
    const first = gate();
    const order: string[] = [];
    const a = lanes.enqueue('t/0', async () => {
      order.push('a started');
      await first.promise;
      order.push('a done');
    });
    await a.earlier;
    let bHandedBack = false;
    const b = lanes.enqueue('t/0', async () => {
      order.push('b started');
    });
    void b.earlier.then(() => {
      bHandedBack = true;
    });
    await tick();
    expect(bHandedBack).toBe(false);
    expect(order).toEqual(['a started']);
    first.open();
    await b.done;
    expect(bHandedBack).toBe(true);
    expect(order).toEqual(['a started', 'a done', 'b started']);
  });

  it('runs lanes side by side, at most `concurrency` batches at once', async () => {
    const lanes = new PartitionLanes(2);
    const gates = [gate(), gate(), gate()];
    let running = 0;
    let most = 0;
    const done = gates.map(
      (g, i) =>
        lanes.enqueue(`t/${i}`, async () => {
          running++;
          most = Math.max(most, running);
          await g.promise;
          running--;
        }).done,
    );
    await tick();
    expect(running).toBe(2);
    gates[0]!.open();
    await tick();
    expect(running).toBe(2);
    gates[1]!.open();
    gates[2]!.open();
    await Promise.all(done);
    expect(most).toBe(2);
    expect(running).toBe(0);
  });

  it("a failed batch's error reaches the lane's next batch once, which is not run, and the lane starts clean after", async () => {
    const lanes = new PartitionLanes(3);
    const failing = gate();
    const a = lanes.enqueue('t/0', () => failing.promise);
    await a.earlier;
    let bRan = false;
    const b = lanes.enqueue('t/0', async () => {
      bRan = true;
    });
    failing.fail(new Error('redis down'));
    await expect(b.earlier).rejects.toThrow('redis down');
    await expect(b.done).rejects.toThrow('redis down');
    expect(bRan).toBe(false);
    // The client fetches the failed batch again: a clean lane runs it.
    let again = false;
    const retry = lanes.enqueue('t/0', async () => {
      again = true;
    });
    await retry.earlier;
    await retry.done;
    expect(again).toBe(true);
  });

  it('a failed batch with no batch after it is not an unhandled rejection, and its error meets the next', async () => {
    const lanes = new PartitionLanes(3);
    const unhandled: unknown[] = [];
    const listener = (reason: unknown) => unhandled.push(reason);
    process.on('unhandledRejection', listener);
    try {
      const a = lanes.enqueue('t/0', async () => {
        throw new Error('lost connection');
      });
      await a.earlier;
      await expect(a.done).rejects.toThrow('lost connection');
      await tick();
      expect(unhandled).toEqual([]);
      await expect(lanes.enqueue('t/0', async () => undefined).earlier).rejects.toThrow('lost connection');
    } finally {
      process.off('unhandledRejection', listener);
    }
  });

  it('drop leaves queued work of one lane unstarted; dropAll of every lane; work in hand finishes', async () => {
    const lanes = new PartitionLanes(3);
    const inHand = gate();
    const ran: string[] = [];
    const a = lanes.enqueue('t/0', async () => {
      await inHand.promise;
      ran.push('a');
    });
    const b = lanes.enqueue('t/0', async () => {
      ran.push('b');
    });
    const c = lanes.enqueue('t/1', async () => {
      ran.push('c');
    });
    await c.done;
    await tick();
    lanes.drop('t/0');
    inHand.open();
    await b.done;
    expect(ran).toEqual(['c', 'a']);

    const held = gate();
    const d = lanes.enqueue('t/1', () => held.promise);
    const e = lanes.enqueue('t/1', async () => {
      ran.push('e');
    });
    const f = lanes.enqueue('t/0', async () => {
      ran.push('f');
    });
    lanes.dropAll();
    // Queued after the drop: runs.
    const g = lanes.enqueue('t/1', async () => {
      ran.push('g');
    });
    held.open();
    await Promise.all([a.done, d.done, e.done, f.done, g.done]);
    expect(ran).toEqual(['c', 'a', 'g']);
  });

  it("after dropAll a lane's failure no longer reaches its next batch, which still waits for the work in hand", async () => {
    const lanes = new PartitionLanes(3);
    const failing = gate();
    const a = lanes.enqueue('t/0', () => failing.promise);
    await a.earlier;
    lanes.dropAll();
    let ran = false;
    const b = lanes.enqueue('t/0', async () => {
      ran = true;
    });
    await tick();
    expect(ran).toBe(false);
    failing.fail(new Error('rebalanced away'));
    await expect(a.done).rejects.toThrow('rebalanced away');
    await b.earlier;
    await b.done;
    expect(ran).toBe(true);
  });
});
