/**
 * How far the monitor has read the evidence of each input partition, and so
 * how far it may judge deadlines there (docs/architecture.md, "Deadlines and
 * the evidence watermark").
 *
 * The input topics are co-partitioned: a waybill lives in partition p of
 * every one of them. For each topic-partition the watermark is the later of
 * the Kafka timestamp of the last record read and the last time it was seen
 * caught up (no record left unread). The watermark of partition p is the
 * earliest over the input topics: a pickup cannot be missing from what has
 * been read if the dispatch topic has been read past the deadline. A
 * deadline due at T on p is judged once p's watermark, less a tolerance for
 * publishers' clocks, has passed T; held longer than `maxHoldMs`, it is
 * judged anyway and the breach says so. Pure: the clock is a parameter.
 */
export interface EvidenceWatermarkOptions {
  /** The input topics; a partition's watermark is known once every one of them has progress. */
  topics: ReadonlyArray<string>;
  /** Subtracted from the watermark: records may carry their publisher's clock, a little ahead of ours. */
  toleranceMs: number;
  /** A deadline waits for its evidence at most this long past its due time. */
  maxHoldMs: number;
  /**
   * After the broker was unreachable, how long once it is back the watermark
   * stays at the moment it was last seen. Publishers could not publish either:
   * what they held comes in after the broker returns, with fresh Kafka
   * timestamps, and a topic read to its end in between is not proof that it
   * holds the outage's evidence. Optional: 0 (none) when not given.
   */
  brokerRecoveryGraceMs?: number;
}

/** How far deadlines of one partition are judged now. */
export interface JudgementHorizon {
  nowMs: number;
  /** Deadlines due at or before this are judged: the evidence watermark, or `nowMs - maxHoldMs` when that is later. */
  horizonMs: number;
  /** The watermark less the tolerance; undefined while some input topic has no progress yet. */
  evidenceMs: number | undefined;
}

interface TopicProgress {
  /** Latest Kafka timestamp of a record read. */
  readMs?: number;
  /** When it was last seen with nothing left to read. */
  caughtUpAtMs?: number;
}

export class EvidenceWatermark {
  private readonly progress = new Map<number, Map<string, TopicProgress>>();
  /** Since when each partition has been tracked without a complete watermark: for the lag while it is unknown. */
  private readonly unknownSince = new Map<number, number>();
  /** When each partition's watermark last moved (or became unknown): a watermark that does not move is stuck. */
  private readonly movedAt = new Map<number, number>();
  /** A broker outage whose grace has not ended: the watermark stays at `lastSeenMs` until `regainedMs` + grace. */
  private outage: { lastSeenMs: number; regainedMs: number | undefined } | undefined;

  constructor(private readonly options: EvidenceWatermarkOptions) {}

  /** Records of `topic`/`partition` up to this Kafka timestamp have been read and their effects are durable. */
  read(topic: string, partition: number, recordMs: number, nowMs: number): void {
    const before = this.watermarkMs(partition);
    const progress = this.topicProgress(topic, partition);
    progress.readMs = Math.max(progress.readMs ?? recordMs, recordMs);
    this.noteMove(partition, before, nowMs);
  }

  /** At `atMs`, nothing of `topic`/`partition` was left unread. */
  caughtUp(topic: string, partition: number, atMs: number, nowMs: number): void {
    const before = this.watermarkMs(partition);
    const progress = this.topicProgress(topic, partition);
    progress.caughtUpAtMs = Math.max(progress.caughtUpAtMs ?? atMs, atMs);
    this.noteMove(partition, before, nowMs);
  }

  /**
   * Forgets what was read of a partition (all its topics, or one): its state
   * lost writes (a Redis restart) or it is read again from an earlier offset,
   * so its deadlines wait until the evidence is read again.
   */
  forget(partition: number, nowMs: number, topic?: string): void {
    if (topic === undefined) this.progress.delete(partition);
    else this.progress.get(partition)?.delete(topic);
    this.unknownSince.set(partition, nowMs);
    this.movedAt.set(partition, nowMs);
  }

  forgetAll(nowMs: number): void {
    for (const partition of new Set([...this.progress.keys(), ...this.unknownSince.keys()]))
      this.forget(partition, nowMs);
  }

  /**
   * The broker did not answer; it last answered at `lastSeenMs`. Deadlines
   * due after that wait until it has been back for the recovery grace.
   */
  brokerLost(lastSeenMs: number): void {
    const earlier = this.outage;
    if (earlier && earlier.regainedMs === undefined) return;
    // A second outage inside the first one's grace keeps the earlier moment.
    this.outage = {
      lastSeenMs: Math.min(earlier?.lastSeenMs ?? lastSeenMs, lastSeenMs),
      regainedMs: undefined,
    };
  }

  /** The broker answered again at `nowMs` (after `brokerLost`). */
  brokerRegained(nowMs: number): void {
    if (this.outage && this.outage.regainedMs === undefined) this.outage.regainedMs = nowMs;
  }

  /** Whether a broker outage is holding the watermarks back now: for /readyz detail and the logs. */
  brokerOutageHold(nowMs: number): { lastSeenMs: number; untilMs: number | undefined } | undefined {
    const outage = this.outage;
    if (!outage) return undefined;
    const untilMs =
      outage.regainedMs === undefined
        ? undefined
        : outage.regainedMs + (this.options.brokerRecoveryGraceMs ?? 0);
    if (untilMs !== undefined && nowMs >= untilMs) {
      this.outage = undefined;
      return undefined;
    }
    return { lastSeenMs: outage.lastSeenMs, untilMs };
  }

  /** Keeps only these partitions (the ones owned now); a newly owned one starts unknown. */
  own(partitions: ReadonlyArray<number>, nowMs: number): void {
    const owned = new Set(partitions);
    for (const p of [...this.progress.keys()]) if (!owned.has(p)) this.progress.delete(p);
    for (const p of [...this.unknownSince.keys()]) if (!owned.has(p)) this.unknownSince.delete(p);
    for (const p of [...this.movedAt.keys()]) if (!owned.has(p)) this.movedAt.delete(p);
    for (const p of owned) {
      if (this.progress.has(p) || this.unknownSince.has(p)) continue;
      this.unknownSince.set(p, nowMs);
      this.movedAt.set(p, nowMs);
    }
  }

  /**
   * The watermark of a partition (earliest over its topics), before the
   * tolerance, held at the broker's last sighting during an outage and its
   * recovery grace; undefined while incomplete.
   */
  watermarkMs(partition: number, nowMs?: number): number | undefined {
    const read = this.readWatermarkMs(partition);
    const hold = nowMs === undefined ? undefined : this.brokerOutageHold(nowMs);
    return read === undefined || hold === undefined ? read : Math.min(read, hold.lastSeenMs);
  }

  private readWatermarkMs(partition: number): number | undefined {
    const topics = this.progress.get(partition);
    if (!topics) return undefined;
    let earliest = Number.POSITIVE_INFINITY;
    for (const topic of this.options.topics) {
      const progress = topics.get(topic);
      const at = Math.max(
        progress?.readMs ?? Number.NEGATIVE_INFINITY,
        progress?.caughtUpAtMs ?? Number.NEGATIVE_INFINITY,
      );
      if (at === Number.NEGATIVE_INFINITY) return undefined;
      earliest = Math.min(earliest, at);
    }
    return earliest;
  }

  horizon(partition: number, nowMs: number): JudgementHorizon {
    const { toleranceMs, maxHoldMs } = this.options;
    const watermark = this.watermarkMs(partition, nowMs);
    // A publisher's clock ahead of ours must not let judgement run ahead of the wall clock.
    const evidenceMs = watermark === undefined ? undefined : Math.min(nowMs, watermark - toleranceMs);
    const horizonMs = Math.min(nowMs, Math.max(evidenceMs ?? Number.NEGATIVE_INFINITY, nowMs - maxHoldMs));
    return { nowMs, horizonMs, evidenceMs };
  }

  /** How far the partition's watermark is behind the wall clock; while unknown, how long it has been unknown. */
  lagMs(partition: number, nowMs: number): number {
    const watermark = this.watermarkMs(partition, nowMs);
    if (watermark !== undefined) return Math.max(0, nowMs - watermark);
    return Math.max(0, nowMs - (this.unknownSince.get(partition) ?? nowMs));
  }

  /**
   * Owned partitions whose watermark is more than the maximum hold behind and
   * has not moved for that long: deadlines there are being judged on a
   * partial read and nothing is catching up. (A backlog being read is behind
   * but moving, so it is not stuck.)
   */
  stuck(partitions: ReadonlyArray<number>, nowMs: number): number[] {
    const { maxHoldMs } = this.options;
    return partitions.filter(
      (p) => this.lagMs(p, nowMs) > maxHoldMs && nowMs - (this.movedAt.get(p) ?? nowMs) > maxHoldMs,
    );
  }

  private noteMove(partition: number, before: number | undefined, nowMs: number): void {
    const after = this.watermarkMs(partition);
    if (after !== undefined && (before === undefined || after > before)) this.movedAt.set(partition, nowMs);
  }

  private topicProgress(topic: string, partition: number): TopicProgress {
    let topics = this.progress.get(partition);
    if (!topics) {
      topics = new Map();
      this.progress.set(partition, topics);
    }
    let progress = topics.get(topic);
    if (!progress) {
      progress = {};
      topics.set(topic, progress);
    }
    return progress;
  }
}

/** Judging on the wall clock alone: for a store that holds every event already (tests, the store benchmark). */
export function wallClock(nowMs: number): JudgementHorizon {
  return { nowMs, horizonMs: nowMs, evidenceMs: nowMs };
}
