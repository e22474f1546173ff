import { describe, expect, it } from 'vitest';
import { EvidenceWatermark } from '../src/evidence-watermark.js';

const TOPICS = ['orders', 'dispatch'];
const watermark = () => new EvidenceWatermark({ topics: TOPICS, toleranceMs: 1_000, maxHoldMs: 300_000 });
const NOW = 10_000_000;

describe('EvidenceWatermark', () => {
  it('holds every deadline until each input topic of the partition has progress, then up to the earliest', () => {
    const w = watermark();
    w.own([0], NOW);
    // Nothing read: judged only as far as the maximum hold allows.
    expect(w.horizon(0, NOW)).toEqual({ nowMs: NOW, horizonMs: NOW - 300_000, evidenceMs: undefined });
    w.read('orders', 0, NOW - 60_000, NOW);
    expect(w.horizon(0, NOW).evidenceMs).toBeUndefined();
    // The dispatch topic read to 2 min ago: a pickup published after that may still be unread.
    w.read('dispatch', 0, NOW - 120_000, NOW);
    expect(w.horizon(0, NOW)).toEqual({ nowMs: NOW, horizonMs: NOW - 121_000, evidenceMs: NOW - 121_000 });
    // Caught up on dispatch now: the orders topic (a minute behind) holds it.
    w.caughtUp('dispatch', 0, NOW, NOW);
    expect(w.horizon(0, NOW).horizonMs).toBe(NOW - 61_000);
    w.caughtUp('orders', 0, NOW, NOW);
    expect(w.horizon(0, NOW).horizonMs).toBe(NOW - 1_000);
  });

  it('after a broker outage, stays where the broker was last seen until it has been back for the grace', () => {
    const w = new EvidenceWatermark({
      topics: TOPICS,
      toleranceMs: 1_000,
      maxHoldMs: 300_000,
      brokerRecoveryGraceMs: 30_000,
    });
    const lastSeen = NOW - 40_000;
    w.caughtUp('orders', 0, lastSeen, lastSeen);
    w.caughtUp('dispatch', 0, lastSeen, lastSeen);
    w.brokerLost(lastSeen);
    // Still out 10 s later: a second failure keeps the first sighting.
    w.brokerLost(NOW - 30_000);
    w.brokerRegained(NOW);
    // Publishers flush what they held with fresh timestamps, and the topics are read to their end at once:
    // neither proves the outage's evidence is in, so the horizon stays at the last sighting.
    w.read('orders', 0, NOW, NOW);
    w.caughtUp('orders', 0, NOW, NOW);
    w.caughtUp('dispatch', 0, NOW, NOW);
    expect(w.horizon(0, NOW + 29_000).horizonMs).toBe(lastSeen - 1_000);
    expect(w.brokerOutageHold(NOW + 29_000)).toEqual({ lastSeenMs: lastSeen, untilMs: NOW + 30_000 });
    // The grace over, what was read counts again.
    expect(w.horizon(0, NOW + 30_000).horizonMs).toBe(NOW - 1_000);
    expect(w.brokerOutageHold(NOW + 30_000)).toBeUndefined();
  });

  it('never runs ahead of the wall clock, nor backwards when an older record is read', () => {
    const w = watermark();
    w.read('orders', 1, NOW + 60_000, NOW);
    w.read('dispatch', 1, NOW + 60_000, NOW);
    expect(w.horizon(1, NOW).horizonMs).toBe(NOW);
    w.read('dispatch', 1, NOW - 500_000, NOW);
    expect(w.watermarkMs(1)).toBe(NOW + 60_000);
  });

  it('judges anyway once the maximum hold has passed, and keeps the evidence time apart', () => {
    const w = watermark();
    w.read('orders', 0, NOW - 900_000, NOW);
    w.read('dispatch', 0, NOW - 900_000, NOW);
    const horizon = w.horizon(0, NOW);
    expect(horizon.horizonMs).toBe(NOW - 300_000);
    expect(horizon.evidenceMs).toBe(NOW - 901_000);
  });

  it('forgets a partition whose store lost writes: its deadlines wait for the evidence again', () => {
    const w = watermark();
    w.caughtUp('orders', 2, NOW, NOW);
    w.caughtUp('dispatch', 2, NOW, NOW);
    w.forget(2, NOW);
    expect(w.horizon(2, NOW + 1_000).evidenceMs).toBeUndefined();
    expect(w.lagMs(2, NOW + 5_000)).toBe(5_000);
  });

  it('calls a partition stuck only when it is behind by more than the maximum hold and not moving', () => {
    const w = watermark();
    w.own([0, 1], NOW);
    // Partition 0 reads a backlog an hour old, moving; partition 1 has nothing at all.
    w.read('orders', 0, NOW - 3_600_000, NOW);
    w.read('dispatch', 0, NOW - 3_600_000, NOW);
    expect(w.stuck([0, 1], NOW + 200_000)).toEqual([]);
    w.read('orders', 0, NOW - 3_000_000, NOW + 290_000);
    w.read('dispatch', 0, NOW - 3_000_000, NOW + 290_000);
    expect(w.stuck([0, 1], NOW + 400_000)).toEqual([1]);
    expect(w.stuck([0, 1], NOW + 600_000)).toEqual([0, 1]);
    expect(w.lagMs(1, NOW + 400_000)).toBe(400_000);
  });

  it('drops partitions no longer owned and starts new ones unknown', () => {
    const w = watermark();
    w.caughtUp('orders', 0, NOW, NOW);
    w.caughtUp('dispatch', 0, NOW, NOW);
    w.own([1], NOW);
    expect(w.watermarkMs(0)).toBeUndefined();
    expect(w.lagMs(1, NOW + 2_000)).toBe(2_000);
  });
});
