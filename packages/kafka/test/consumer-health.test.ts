import { describe, expect, it } from 'vitest';
import { ConsumerHealth } from '../src/consumer-health.js';

const STALL_MS = 30_000;
const T0 = 1_800_000_000_000;

function joinedHealth() {
  const health = new ConsumerHealth({ stallMs: STALL_MS });
  health.started(T0);
  health.joined(T0 + 1000, { 'logistics.orders': [0, 1] });
  return health;
}

describe('consumer health', () => {
  it('is not ready until the consumer joins its group, and says since when', () => {
    const health = new ConsumerHealth({ stallMs: STALL_MS });
    health.started(T0);
    const report = health.report(T0 + 5000);
    expect(report.ready).toBe(false);
    expect(report.outOfGroupSinceMs).toBe(T0);
    expect(report.detail).toBe('not a member of the group for 5 s (joining the group)');
    health.joined(T0 + 6000, { 'logistics.orders': [0] });
    expect(health.report(T0 + 6000)).toMatchObject({ ready: true, detail: 'consuming', stalled: [] });
  });

  it('is not ready after a crash, keeps the first time it left, and is ready again once rejoined', () => {
    const health = joinedHealth();
    health.left(T0 + 10_000, 'crashed: The coordinator is not aware of this member');
    health.left(T0 + 12_000, 'rejoin failed: connection refused');
    const report = health.report(T0 + 20_000);
    expect(report.ready).toBe(false);
    expect(report.outOfGroupSinceMs).toBe(T0 + 10_000);
    expect(report.detail).toContain('for 10 s (rejoin failed: connection refused)');
    health.joined(T0 + 21_000, { 'logistics.orders': [0, 1] });
    expect(health.report(T0 + 21_000).ready).toBe(true);
  });

  it('is not ready while the broker answers no fetch, unless a batch is in hand (the fetch waits for it)', () => {
    const health = new ConsumerHealth({ stallMs: STALL_MS, brokerSilenceMs: 3000 });
    health.started(T0);
    health.joined(T0, { 'logistics.orders': [0] });
    health.fetched(T0 + 1000);
    expect(health.report(T0 + 4000).ready).toBe(true);
    const silent = health.report(T0 + 4500);
    expect(silent).toMatchObject({ ready: false, stalled: [] });
    expect(silent.detail).toBe('no answer from the broker for 4 s');
    // A long batch holds the next fetch back: that is the stall rule's business, not the broker's.
    health.batchStarted('logistics.orders', 0, T0 + 1100, 200);
    expect(health.report(T0 + 4500).ready).toBe(true);
    health.batchFinished('logistics.orders', 0, T0 + 5000, 0);
    health.fetched(T0 + 5100);
    expect(health.report(T0 + 6000).ready).toBe(true);
  });

  it('is not ready while the coordinator answers no heartbeat, though fetches are answered', () => {
    const health = new ConsumerHealth({ stallMs: STALL_MS, brokerSilenceMs: 3000, heartbeatSilenceMs: 5000 });
    health.started(T0);
    health.joined(T0, { 'logistics.orders': [0] });
    health.heartbeat(T0 + 2000);
    for (let at = T0 + 1000; at <= T0 + 8000; at += 1000) health.fetched(at);
    expect(health.report(T0 + 7000).ready).toBe(true);
    const unheard = health.report(T0 + 8000);
    expect(unheard.ready).toBe(false);
    expect(unheard.detail).toBe('no heartbeat answered by the group coordinator for 6 s');
    health.heartbeat(T0 + 8500);
    expect(health.report(T0 + 8500).ready).toBe(true);
  });

  it('names a partition whose batch has been in hand longer than the stall time', () => {
    const health = joinedHealth();
    // Started as soon as the partition was owned: both stall rules count from then.
    health.batchStarted('logistics.orders', 1, T0 + 1000, 200);
    expect(health.report(T0 + 1000 + STALL_MS).ready).toBe(true);
    const report = health.report(T0 + 2000 + STALL_MS);
    expect(report.ready).toBe(false);
    expect(report.stalled).toEqual(['logistics.orders/1']);
    expect(report.detail).toBe('logistics.orders/1: a batch in hand for 31 s');
    health.batchFinished('logistics.orders', 1, T0 + 4000 + STALL_MS, 0);
    expect(health.report(T0 + 4000 + STALL_MS).ready).toBe(true);
  });

  it('names a partition with lag and no progress, but not a caught-up quiet one', () => {
    const health = joinedHealth();
    health.batchStarted('logistics.orders', 0, T0 + 2000, 200);
    health.batchFinished('logistics.orders', 0, T0 + 2500, 120);
    health.batchStarted('logistics.orders', 1, T0 + 2000, 200);
    health.batchFinished('logistics.orders', 1, T0 + 2500, 0);
    const report = health.report(T0 + 2501 + STALL_MS);
    expect(report.stalled).toEqual(['logistics.orders/0']);
    expect(report.detail).toBe('logistics.orders/0: lag 120 and no progress for 30 s');
  });

  it('a failed batch is no longer in hand but its records are still unread, and a partition given away is forgotten', () => {
    const health = joinedHealth();
    // Caught up before the store went away.
    health.batchStarted('logistics.orders', 1, T0 + 1000, 10);
    health.batchFinished('logistics.orders', 1, T0 + 1500, 0);
    // Every batch after that fails: not in hand, but the partition has work and makes no progress.
    health.batchStarted('logistics.orders', 1, T0 + 2000, 200);
    health.batchFailed('logistics.orders', 1, T0 + 3000);
    expect(health.report(T0 + 1500 + STALL_MS).ready).toBe(true);
    const stalled = health.report(T0 + 1501 + STALL_MS);
    expect(stalled.ready).toBe(false);
    expect(stalled.detail).toBe('logistics.orders/1: lag 200 and no progress for 30 s');
    // The store is back: stalled until a batch finishes, then consuming.
    health.batchStarted('logistics.orders', 1, T0 + 2 * STALL_MS, 300);
    expect(health.report(T0 + 2 * STALL_MS + 100).ready).toBe(false);
    health.batchFinished('logistics.orders', 1, T0 + 2 * STALL_MS + 200, 0);
    expect(health.report(T0 + 2 * STALL_MS + 300).ready).toBe(true);
    health.batchStarted('logistics.orders', 0, T0 + 2000, 200);
    health.joined(T0 + 4000, { 'logistics.orders': [1] });
    expect(health.report(T0 + 10 * STALL_MS).ready).toBe(true);
  });

  it('a failed batch stops counting once the partition is read again from a known position', () => {
    for (const restart of ['rejoined', 'positioned from the store'] as const) {
      const health = joinedHealth();
      health.batchStarted('logistics.orders', 1, T0 + 2000, 200);
      health.batchFailed('logistics.orders', 1, T0 + 3000);
      expect(health.report(T0 + 2000 + 2 * STALL_MS).ready, restart).toBe(false);
      // Read again from the committed or stored offset: if nothing is left there, no batch will come to say so.
      const at = T0 + 2000 + 2 * STALL_MS;
      if (restart === 'rejoined') health.joined(at, { 'logistics.orders': [0, 1] });
      else health.positioned(['logistics.orders/0', 'logistics.orders/1'], at);
      expect(health.report(at + STALL_MS).ready, restart).toBe(true);
      // A batch failing again after that counts again.
      health.batchStarted('logistics.orders', 1, at + 1000, 50);
      health.batchFailed('logistics.orders', 1, at + 2000);
      expect(health.report(at + 1001 + STALL_MS).ready, restart).toBe(false);
    }
  });

  it('a newly owned partition starts its stall clock when it is assigned', () => {
    const health = joinedHealth();
    health.joined(T0 + 100_000, { 'logistics.orders': [0, 1, 2] });
    health.batchFinished('logistics.orders', 2, T0 + 100_000, 5);
    expect(health.report(T0 + 100_000 + STALL_MS).ready).toBe(true);
  });
});
