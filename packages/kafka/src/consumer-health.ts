/*
 * What a consumer's readiness rests on, kept apart from kafkajs so it can be
 * tested with a clock in hand: is it a member of its group (and since when
 * not), and is every partition it owns making progress. A partition stalls
 * when a batch has been in the handler too long (Redis unreachable, say) or
 * when it has lag and nothing was committed for too long.
 */

export interface ConsumerHealthOptions {
  /** A partition with work and no progress for this long is stalled. */
  stallMs: number;
  /**
   * No fetch answered for this long while no batch is in hand: the broker is
   * not answering. A fetch with nothing to read returns after the consumer's
   * maximum wait, so this must exceed it. Optional: never, when not given.
   */
  brokerSilenceMs?: number;
  /**
   * No heartbeat answered for this long while no batch is in hand: the
   * group may have dropped the member though it still fetches (after a
   * broker restart, kafkajs learns it only at its next successful call to
   * the coordinator). Optional: never, when not given.
   */
  heartbeatSilenceMs?: number;
}

export interface ConsumerHealthReport {
  ready: boolean;
  /** Why not, in words an operator reads on /readyz: the group, or the partitions that stalled. */
  detail: string;
  /** Stalled partitions as `topic/partition` (a silent broker is in `detail`, not here). */
  stalled: string[];
  /** Since when the consumer has not been a member of its group; undefined while it is one. */
  outOfGroupSinceMs: number | undefined;
}

interface PartitionProgress {
  lag: number;
  lastProgressMs: number;
  inFlightSinceMs: number | undefined;
}

export class ConsumerHealth {
  private member = false;
  private outOfGroupSinceMs: number | undefined;
  private lastLeaveReason = 'not started';
  private readonly partitions = new Map<string, PartitionProgress>();
  /** When the broker last answered a fetch (or the consumer joined, which needs it too). */
  private lastFetchMs: number | undefined;
  /** When the group coordinator last answered a heartbeat (or the consumer joined). */
  private lastHeartbeatMs: number | undefined;

  constructor(private readonly options: ConsumerHealthOptions) {}

  /** Started, not yet a member: the clock for giving up on joining starts now. */
  started(nowMs: number): void {
    this.member = false;
    this.outOfGroupSinceMs ??= nowMs;
    this.lastLeaveReason = 'joining the group';
  }

  joined(nowMs: number, assignment: Record<string, number[]>): void {
    this.member = true;
    this.outOfGroupSinceMs = undefined;
    this.lastFetchMs = nowMs;
    this.lastHeartbeatMs = nowMs;
    const owned = new Set(
      Object.entries(assignment).flatMap(([topic, partitions]) => partitions.map((p) => `${topic}/${p}`)),
    );
    for (const key of [...this.partitions.keys()]) if (!owned.has(key)) this.partitions.delete(key);
    // Every owned partition is read from its committed offset now: its stall clock starts now, not at
    // some earlier owner's progress, nor at a batch of ours that failed before the rejoin.
    this.restart(owned, nowMs);
  }

  /**
   * These partitions (`topic/partition`) were moved to a known position (the
   * store's offsets): whatever a failed batch left is read again from there,
   * and if nothing is left no batch will come to say so. Their stall clocks
   * start now, with no lag known.
   */
  positioned(partitions: Iterable<string>, nowMs: number): void {
    this.restart(partitions, nowMs);
  }

  private restart(partitions: Iterable<string>, nowMs: number): void {
    for (const key of partitions)
      this.partitions.set(key, { lag: 0, lastProgressMs: nowMs, inFlightSinceMs: undefined });
  }

  left(nowMs: number, reason: string): void {
    if (this.member || this.outOfGroupSinceMs === undefined) this.outOfGroupSinceMs = nowMs;
    this.member = false;
    this.lastLeaveReason = reason;
    for (const progress of this.partitions.values()) progress.inFlightSinceMs = undefined;
  }

  /** The broker answered a fetch (records or not). */
  fetched(nowMs: number): void {
    this.lastFetchMs = nowMs;
  }

  /** The group coordinator answered a heartbeat: the consumer is still a member. */
  heartbeat(nowMs: number): void {
    this.lastHeartbeatMs = nowMs;
  }

  /**
   * A batch is in hand; `unread` is what the partition holds from its first
   * record on (high watermark − first offset). Kept as the lag until the batch
   * finishes: a batch that fails (its store unreachable) leaves that work
   * undone, so a partition caught up before an outage stalls during it, and
   * stays stalled after it until a batch finishes, the consumer rejoins, or the
   * partition is positioned again from the store.
   */
  batchStarted(topic: string, partition: number, nowMs: number, unread: number): void {
    const progress = this.progressOf(topic, partition, nowMs);
    progress.inFlightSinceMs ??= nowMs;
    progress.lag = Math.max(progress.lag, unread);
  }

  /** A batch finished; `lag` is what is left after it (high watermark − next offset). */
  batchFinished(topic: string, partition: number, nowMs: number, lag: number): void {
    const progress = this.progressOf(topic, partition, nowMs);
    progress.inFlightSinceMs = undefined;
    progress.lastProgressMs = nowMs;
    progress.lag = lag;
  }

  /** The handler failed: the batch is no longer in hand, nothing progressed, and its records are still unread. */
  batchFailed(topic: string, partition: number, nowMs: number): void {
    this.progressOf(topic, partition, nowMs).inFlightSinceMs = undefined;
  }

  report(nowMs: number): ConsumerHealthReport {
    const stalled: string[] = [];
    const reasons: string[] = [];
    for (const [key, progress] of [...this.partitions.entries()].sort()) {
      const { stallMs } = this.options;
      if (progress.inFlightSinceMs !== undefined && nowMs - progress.inFlightSinceMs > stallMs) {
        stalled.push(key);
        reasons.push(`${key}: a batch in hand for ${seconds(nowMs - progress.inFlightSinceMs)}`);
      } else if (progress.lag > 0 && nowMs - progress.lastProgressMs > stallMs) {
        stalled.push(key);
        reasons.push(
          `${key}: lag ${progress.lag} and no progress for ${seconds(nowMs - progress.lastProgressMs)}`,
        );
      }
    }
    const silentForMs = this.silentForMs(nowMs, this.lastFetchMs, this.options.brokerSilenceMs);
    if (silentForMs !== undefined) reasons.push(`no answer from the broker for ${seconds(silentForMs)}`);
    const unheardForMs = this.silentForMs(nowMs, this.lastHeartbeatMs, this.options.heartbeatSilenceMs);
    if (unheardForMs !== undefined)
      reasons.push(`no heartbeat answered by the group coordinator for ${seconds(unheardForMs)}`);
    const brokerSilent = silentForMs !== undefined || unheardForMs !== undefined;
    if (!this.member) {
      const since =
        this.outOfGroupSinceMs === undefined ? '' : ` for ${seconds(nowMs - this.outOfGroupSinceMs)}`;
      reasons.unshift(`not a member of the group${since} (${this.lastLeaveReason})`);
    }
    return {
      ready: this.member && stalled.length === 0 && !brokerSilent,
      detail: reasons.length === 0 ? 'consuming' : reasons.join('; '),
      stalled,
      outOfGroupSinceMs: this.member ? undefined : this.outOfGroupSinceMs,
    };
  }

  /**
   * How long since `lastMs` (a fetch or a heartbeat answered), when that is
   * past `limitMs` and no batch in hand holds the next request back.
   */
  private silentForMs(
    nowMs: number,
    lastMs: number | undefined,
    limitMs: number | undefined,
  ): number | undefined {
    if (!this.member || limitMs === undefined || lastMs === undefined) return undefined;
    const inHand = [...this.partitions.values()].some((progress) => progress.inFlightSinceMs !== undefined);
    const silentForMs = nowMs - lastMs;
    return !inHand && silentForMs > limitMs ? silentForMs : undefined;
  }

  private progressOf(topic: string, partition: number, nowMs: number): PartitionProgress {
    const key = `${topic}/${partition}`;
    let progress = this.partitions.get(key);
    if (!progress) {
      progress = { lag: 0, lastProgressMs: nowMs, inFlightSinceMs: undefined };
      this.partitions.set(key, progress);
    }
    return progress;
  }
}

function seconds(ms: number): string {
  return `${Math.round(ms / 1000)} s`;
}
