import { describe, expect, it } from 'vitest';
import { EvidenceWatermark } from '../src/evidence-watermark.js';

const TOPICS = ['orders', 'dispatch'];
const watermark = () => new EvidenceWatermark({ topics: TOPICS, toleranceMs: 1_000, maxHoldMs: 300_000 });
const NOW = 10_000_000;
const outageWatermark = () =>
  new EvidenceWatermark({
    topics: TOPICS,
    toleranceMs: 1_000,
    maxHoldMs: 300_000,
    brokerRecoveryGraceMs: 30_000,
  });

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
    const w = outageWatermark();
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
    expect(w.brokerOutageHold(NOW + 29_000)).toEqual({
      lastSeenMs: lastSeen,
      graceEndsMs: NOW + 30_000,
      partitions: [0],
    });
    // The grace over, but nothing seen caught up since: still held.
    expect(w.horizon(0, NOW + 30_000).horizonMs).toBe(lastSeen - 1_000);
    // Both topics read to their end after the grace: what was read counts again.
    w.caughtUp('orders', 0, NOW + 31_000, NOW + 31_000);
    w.caughtUp('dispatch', 0, NOW + 31_000, NOW + 31_000);
    expect(w.horizon(0, NOW + 31_000).horizonMs).toBe(NOW + 30_000);
    expect(w.brokerOutageHold(NOW + 31_000)).toBeUndefined();
  });

  it('holds a partition whose consumer rejoins after the grace until it has read the flushed backlog', () => {
    const w = outageWatermark();
    w.own([0, 1], NOW - 60_000);
    const lastSeen = NOW - 40_000;
    for (const partition of [0, 1]) {
      w.caughtUp('orders', partition, lastSeen, lastSeen);
      w.caughtUp('dispatch', partition, lastSeen, lastSeen);
    }
    w.brokerLost(lastSeen);
    w.brokerRegained(NOW);
    // The consumer rejoins 33 s after the broker's return. The first flushed orders carry fresh timestamps;
    // the flushed pickups (dispatch) are not read yet, and nothing of partition 0 is at its end.
    w.read('orders', 0, NOW + 2_000, NOW + 33_000);
    w.read('dispatch', 0, NOW + 1_000, NOW + 33_000);
    expect(w.horizon(0, NOW + 33_000).horizonMs).toBe(lastSeen - 1_000);
    // Partition 1 has read all of its backlog; partition 0 is still reading.
    w.caughtUp('orders', 1, NOW + 34_000, NOW + 34_000);
    w.caughtUp('dispatch', 1, NOW + 34_000, NOW + 34_000);
    expect(w.horizon(1, NOW + 34_000).horizonMs).toBe(NOW + 33_000);
    expect(w.horizon(0, NOW + 34_000).horizonMs).toBe(lastSeen - 1_000);
    expect(w.brokerOutageHold(NOW + 34_000)?.partitions).toEqual([0]);
    // One topic at its end is not enough: the other may still hold the outage's evidence.
    w.caughtUp('orders', 0, NOW + 40_000, NOW + 40_000);
    expect(w.horizon(0, NOW + 40_000).horizonMs).toBe(lastSeen - 1_000);
    w.read('dispatch', 0, NOW + 20_000, NOW + 41_000);
    w.caughtUp('dispatch', 0, NOW + 41_000, NOW + 41_000);
    expect(w.horizon(0, NOW + 41_000).horizonMs).toBe(NOW + 39_000);
    expect(w.brokerOutageHold(NOW + 41_000)).toBeUndefined();
    // The maximum hold still applies to a partition that never catches up.
    const stalled = outageWatermark();
    stalled.caughtUp('orders', 0, lastSeen, lastSeen);
    stalled.caughtUp('dispatch', 0, lastSeen, lastSeen);
    stalled.brokerLost(lastSeen);
    stalled.brokerRegained(NOW);
    expect(stalled.horizon(0, NOW + 400_000).horizonMs).toBe(NOW + 100_000);
  });

  it('starts a new outage from its own sighting once the previous one holds no partition', () => {
    const w = outageWatermark();
    w.caughtUp('orders', 0, NOW - 100_000, NOW - 100_000);
    w.caughtUp('dispatch', 0, NOW - 100_000, NOW - 100_000);
    w.brokerLost(NOW - 100_000);
    w.brokerRegained(NOW - 90_000);
    // Still holding partition 0 when the broker goes again: the earlier sighting stays.
    w.brokerLost(NOW - 80_000);
    expect(w.brokerOutageHold(NOW - 79_000)?.lastSeenMs).toBe(NOW - 100_000);
    w.brokerRegained(NOW - 70_000);
    w.caughtUp('orders', 0, NOW - 30_000, NOW - 30_000);
    w.caughtUp('dispatch', 0, NOW - 30_000, NOW - 30_000);
    expect(w.brokerOutageHold(NOW - 30_000)).toBeUndefined();
    // A later outage, once partition 0 was released, holds from its own sighting.
    w.brokerLost(NOW - 20_000);
    expect(w.brokerOutageHold(NOW)?.lastSeenMs).toBe(NOW - 20_000);
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
