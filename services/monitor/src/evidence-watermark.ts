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
   * After the broker was unreachable, how long publishers are given, once it
   * is back, to flush what they held. Publishers could not publish either:
   * what they held comes in after the broker returns, with fresh Kafka
   * timestamps, so a topic read to its end before then is not proof that it
   * holds the outage's evidence. A partition's watermark stays at the moment
   * the broker was last seen until each of its topics has been seen caught
   * up at or after the broker's return plus this grace, however long the
   * consumer takes to rejoin and read the flushed backlog. Optional: 0 when
   * not given.
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
  /**
   * A broker outage that still holds some partition: its watermark stays at
   * `lastSeenMs` until each of its topics was caught up at or after
   * `regainedMs` + grace.
   */
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
   * due after that wait until their partition has read what publishers
   * flushed once it was back.
   */
  brokerLost(lastSeenMs: number): void {
    const earlier = this.outage;
    if (earlier && earlier.regainedMs === undefined) return;
    // A second outage while the first one still holds a partition keeps the earlier moment.
    const stillHeld = earlier !== undefined && this.heldPartitions(Number.POSITIVE_INFINITY).length > 0;
    this.outage = {
      lastSeenMs: stillHeld ? Math.min(earlier.lastSeenMs, lastSeenMs) : lastSeenMs,
      regainedMs: undefined,
    };
  }

  /** The broker answered again at `nowMs` (after `brokerLost`). */
  brokerRegained(nowMs: number): void {
    if (this.outage && this.outage.regainedMs === undefined) this.outage.regainedMs = nowMs;
  }

  /**
   * Whether a broker outage is holding watermarks back now, and which of the
   * tracked partitions it holds: for the logs. `graceEndsMs`
   * is undefined while the broker is still out; past it, a partition is held
   * until each of its topics is seen caught up. Forgets the outage once it
   * holds no partition.
   */
  brokerOutageHold(
    nowMs: number,
  ): { lastSeenMs: number; graceEndsMs: number | undefined; partitions: number[] } | undefined {
    const outage = this.outage;
    if (!outage) return undefined;
    const partitions = this.heldPartitions(nowMs);
    if (partitions.length === 0) {
      this.outage = undefined;
      return undefined;
    }
    return { lastSeenMs: outage.lastSeenMs, graceEndsMs: this.graceEndsMs(), partitions };
  }

  private graceEndsMs(): number | undefined {
    const regainedMs = this.outage?.regainedMs;
    return regainedMs === undefined ? undefined : regainedMs + (this.options.brokerRecoveryGraceMs ?? 0);
  }

  /** Whether the outage holds this partition at `nowMs`: its flushed backlog may still be unread. */
  private held(partition: number, nowMs: number): boolean {
    if (!this.outage) return false;
    const graceEndsMs = this.graceEndsMs();
    if (graceEndsMs === undefined || nowMs < graceEndsMs) return true;
    const topics = this.progress.get(partition);
    if (!topics) return true;
    for (const topic of this.options.topics) {
      const caughtUpAtMs = topics.get(topic)?.caughtUpAtMs;
      if (caughtUpAtMs === undefined || caughtUpAtMs < graceEndsMs) return true;
    }
    return false;
  }

  private heldPartitions(nowMs: number): number[] {
    const tracked = new Set([...this.progress.keys(), ...this.unknownSince.keys()]);
    return [...tracked].filter((partition) => this.held(partition, nowMs)).sort((a, b) => a - b);
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
   * tolerance, held at the broker's last sighting while a broker outage holds
   * the partition; undefined while incomplete.
   */
  watermarkMs(partition: number, nowMs?: number): number | undefined {
    const read = this.readWatermarkMs(partition);
    const outage = this.outage;
    if (read === undefined || outage === undefined || nowMs === undefined || !this.held(partition, nowMs))
      return read;
    return Math.min(read, outage.lastSeenMs);
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
