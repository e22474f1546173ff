import type { Consumer as ClientConsumer, EachBatchPayload, Kafka } from 'kafkajs';
import type { Logger } from 'pino';
import { coPartitionedAssignor } from './co-partitioned-assignor.js';
import { ConsumerHealth, type ConsumerHealthReport } from './consumer-health.js';
import { PartitionLanes } from './partition-lanes.js';
import { ReadAgainFrom, type StoredPositions } from './stored-positions.js';
import type { ConsumedRecord, RecordBatch, RecordHeaders } from './types.js';

export interface BatchConsumerOptions {
  groupId: string;
  topics: string[];
  /** Same partition numbers of every topic to one member (see co-partitioned-assignor.ts). */
  coPartitioned?: boolean;
  partitionsConsumedConcurrently?: number;
  maxBytesPerPartition?: number;
  sessionTimeoutMs?: number;
  fromBeginning?: boolean;
  /** A partition with lag, or a batch in hand, and no progress for this long makes the consumer not ready. */
  stallMs?: number;
  /** Out of the group this long (crashed and not back) and the consumer gives up: see `onGiveUp`. */
  maxRejoinMs?: number;
  /**
   * Called once when the consumer gives up rejoining. A service exits non-zero
   * here so that its supervisor (systemd, Kubernetes, Compose) starts a fresh process.
   */
  onGiveUp?: (error: Error) => void;
  /**
   * Where the handler's store says each partition continues (see
   * stored-positions.ts). Read whenever partitions are assigned, and on
   * `reposition()`; a partition is paused until its position is known.
   */
  positions?: StoredPositions;
}

export type Assignment = Record<string, number[]>;

const FIRST_RESTART_DELAY_MS = 1000;
const MAX_RESTART_DELAY_MS = 30_000;
const WATCHDOG_INTERVAL_MS = 1000;
const POSITION_RETRY_MS = 1000;
/**
 * How long the broker holds a fetch with nothing to read. Short, so a broker
 * that stops answering shows within seconds (one idle fetch a second costs
 * nothing); a fetch with records returns at once whatever this is.
 */
const MAX_FETCH_WAIT_MS = 1000;
/** No fetch answered for this long, with no batch in hand: the broker is not answering (readiness). */
const BROKER_SILENCE_MS = MAX_FETCH_WAIT_MS + 2000;

/** A broker's last fetch older than this is not where a batch in hand came from (see fetchedAtMs). */
const STALE_FETCH_MS = 300_000;

const concurrencyOf = (options: BatchConsumerOptions) => options.partitionsConsumedConcurrently ?? 3;
const sessionTimeoutOf = (options: BatchConsumerOptions) => options.sessionTimeoutMs ?? 10_000;
const heartbeatIntervalOf = (options: BatchConsumerOptions) => Math.floor(sessionTimeoutOf(options) / 5);

/**
 * Hands whole batches to one handler and commits a batch's offsets only
 * after the handler resolved, i.e. after its effects are durable. A crash
 * before the commit redelivers the batch (at least once); the handler's
 * effects must therefore be idempotent.
 *
 * It heals itself: whatever crashes the kafkajs consumer (a Redis outage that
 * outlasted the session, a broker restart, a non-retriable error), a fresh
 * consumer joins the group again after a backoff of 1 s doubling to 30 s.
 * Readiness is the truth about consuming (`health`), and a consumer that
 * cannot rejoin within `maxRejoinMs` calls `onGiveUp`.
 */
export class BatchConsumer {
  private client: ClientConsumer | undefined;
  private assignment: Assignment = {};
  private handler: ((batch: RecordBatch) => Promise<void>) | undefined;
  private stopping = false;
  private restartDelayMs = FIRST_RESTART_DELAY_MS;
  private restartTimer: NodeJS.Timeout | undefined;
  private watchdog: NodeJS.Timeout | undefined;
  private gaveUp = false;
  private restarts = 0;
  private readonly health: ConsumerHealth;
  private readonly inFlight = new Set<Promise<void>>();
  private readonly lanes: PartitionLanes;
  /** Per partition, where its failed batch started: read again from there (see readAhead). */
  private readonly failedAt = new Map<string, string>();
  /** Bumped on every assignment and reposition, so a slower earlier positioning cannot resume partitions. */
  private positioning = 0;
  private positioned = true;
  /** When each broker's latest completed fetch was sent: the batches in hand come from it. */
  private readonly fetchSentAt = new Map<string, number>();

  constructor(
    private readonly kafka: Kafka,
    private readonly options: BatchConsumerOptions,
    private readonly logger: Logger,
  ) {
    this.lanes = new PartitionLanes(concurrencyOf(options));
    this.health = new ConsumerHealth({
      stallMs: options.stallMs ?? 60_000,
      brokerSilenceMs: BROKER_SILENCE_MS,
      // Two heartbeats missed, and a second: the coordinator no longer answers for this member.
      heartbeatSilenceMs: 2 * heartbeatIntervalOf(options) + 1000,
    });
  }

  currentAssignment(): Assignment {
    return this.assignment;
  }

  /** Whether it consumes now and, if not, why (the group, or which partitions stalled). */
  readiness(nowMs = Date.now()): ConsumerHealthReport {
    if (this.stopping) return { ...this.health.report(nowMs), ready: false, detail: 'stopping' };
    const report = this.health.report(nowMs);
    if (report.ready && !this.positioned)
      return { ...report, ready: false, detail: 'reading where each partition continues from the store' };
    return report;
  }

  /**
   * Reads every owned partition again from the store's positions: for a
   * store that may have lost its last writes (Redis reconnected after a
   * restart). Partitions pause until their positions are known.
   */
  reposition(): void {
    const client = this.client;
    if (client && this.options.positions) this.position(client, this.assignment);
  }

  /** Batches fetched ahead and waiting behind their partition's batch in hand (see partition-lanes.ts). */
  queuedBatches(): number {
    return this.lanes.queued();
  }

  /** How many times a crashed consumer was replaced by a fresh one. */
  restartCount(): number {
    return this.restarts;
  }

  async start(handler: (batch: RecordBatch) => Promise<void>): Promise<void> {
    this.handler = handler;
    this.health.started(Date.now());
    this.watchdog = setInterval(() => this.checkRejoin(), WATCHDOG_INTERVAL_MS);
    this.watchdog.unref();
    await this.runClient();
  }

  /** Finishes the batch in hand, commits it, and leaves the group. */
  async stop(): Promise<void> {
    this.stopping = true;
    clearInterval(this.watchdog);
    clearTimeout(this.restartTimer);
    // Batches now go back to kafkajs unread and unresolved: paused, it does not fetch them again meanwhile.
    const topics = Object.entries(this.assignment).map(([topic, partitions]) => ({ topic, partitions }));
    if (topics.length > 0) this.client?.pause(topics);
    await Promise.allSettled([...this.inFlight]);
    await this.client?.disconnect();
  }

  private createClient(): ClientConsumer {
    const client = this.kafka.consumer({
      groupId: this.options.groupId,
      partitionAssigners: this.options.coPartitioned ? [coPartitionedAssignor] : undefined,
      sessionTimeout: sessionTimeoutOf(this.options),
      heartbeatInterval: heartbeatIntervalOf(this.options),
      maxBytesPerPartition: this.options.maxBytesPerPartition ?? 1_048_576,
      maxWaitTimeInMs: MAX_FETCH_WAIT_MS,
      allowAutoTopicCreation: false,
    });
    client.on(client.events.FETCH, (event) => {
      if (client !== this.client) return;
      const nowMs = Date.now();
      this.health.fetched(nowMs);
      // Each broker's fetcher hands its batches to the handler before it fetches again.
      this.fetchSentAt.set(String(event.payload.nodeId), nowMs - event.payload.duration);
    });
    client.on(client.events.HEARTBEAT, () => {
      if (client === this.client) this.health.heartbeat(Date.now());
    });
    client.on(client.events.GROUP_JOIN, (event) => {
      if (client !== this.client) return;
      this.assignment = event.payload.memberAssignment;
      this.health.joined(Date.now(), this.assignment);
      // The new generation reads from the committed (or stored) positions: what was queued is read again.
      this.readAgainFromPositions();
      this.restartDelayMs = FIRST_RESTART_DELAY_MS;
      this.logger.info({ assignment: this.assignment, groupId: this.options.groupId }, 'partitions assigned');
      // Synchronous with the join, before the first fetch of the new generation: nothing is read from Kafka's position.
      if (this.options.positions) this.position(client, this.assignment);
    });
    client.on(client.events.CRASH, (event) => {
      if (client !== this.client) return;
      const { error, restart } = event.payload;
      this.health.left(Date.now(), `crashed: ${error.message}`);
      // kafkajs restarts by itself after a retriable error (a coordinator still loading on a fresh broker): a warning.
      const level = restart ? 'warn' : 'error';
      this.logger[level]({ err: error, restart, groupId: this.options.groupId }, 'consumer crashed');
      // kafkajs restarts by itself only after errors it deems retriable; every other crash is ours to heal.
      if (!restart) this.scheduleRestart();
    });
    client.on(client.events.STOP, () => {
      if (client === this.client && !this.stopping) this.health.left(Date.now(), 'stopped');
    });
    return client;
  }

  private async runClient(): Promise<void> {
    this.fetchSentAt.clear();
    this.readAgainFromPositions();
    const client = this.createClient();
    this.client = client;
    await client.connect();
    await client.subscribe({
      topics: this.options.topics,
      fromBeginning: this.options.fromBeginning ?? true,
    });
    await client.run({
      autoCommit: false,
      eachBatchAutoResolve: false,
      // Queuing a batch is quick (see readAhead): kafkajs's workers only wait for a lane to take it.
      partitionsConsumedConcurrently: concurrencyOf(this.options),
      eachBatch: (payload) => this.readAhead(client, payload),
    });
  }

  /** Pauses the partitions, seeks each to its stored position (retrying while the store is unreachable) and resumes them. */
  private position(client: ClientConsumer, assignment: Assignment): void {
    const topics = Object.entries(assignment).map(([topic, partitions]) => ({ topic, partitions }));
    if (topics.length === 0) return;
    const generation = ++this.positioning;
    this.positioned = false;
    client.pause(topics);
    this.readAgainFromPositions();
    const current = () => generation === this.positioning && client === this.client && !this.stopping;
    const attempt = async (): Promise<void> => {
      if (!current()) return;
      try {
        const stored = await this.options.positions!.read(assignment);
        if (!current()) return;
        for (const { topic, partition, offset } of stored) client.seek({ topic, partition, offset });
        this.health.positioned(
          topics.flatMap(({ topic, partitions }) => partitions.map((p) => `${topic}/${p}`)),
          Date.now(),
        );
        client.resume(topics);
        this.positioned = true;
        this.logger.info(
          { groupId: this.options.groupId, stored: stored.length },
          'partitions positioned from the store',
        );
      } catch (error) {
        this.logger.warn(
          { err: error, groupId: this.options.groupId },
          'stored positions unreadable; retrying',
        );
        setTimeout(() => void attempt(), POSITION_RETRY_MS).unref();
      }
    };
    void attempt();
  }

  /**
   * The earliest over the brokers of when their latest completed fetch was
   * sent: kafkajs does not say which broker's fetch brought a batch. A broker
   * that has not fetched for longer than STALE_FETCH_MS (it leads none of
   * our partitions any more) no longer counts.
   */
  private fetchedAtMs(): number {
    const nowMs = Date.now();
    let earliest = nowMs;
    for (const sentMs of this.fetchSentAt.values())
      if (nowMs - sentMs < STALE_FETCH_MS) earliest = Math.min(earliest, sentMs);
    return earliest;
  }

  private scheduleRestart(): void {
    if (this.stopping || this.gaveUp || this.restartTimer) return;
    const delayMs = this.restartDelayMs;
    this.restartDelayMs = Math.min(delayMs * 2, MAX_RESTART_DELAY_MS);
    this.logger.warn({ groupId: this.options.groupId, delayMs }, 'restarting the consumer');
    this.restartTimer = setTimeout(() => void this.restart(), delayMs);
  }

  private async restart(): Promise<void> {
    const previous = this.client;
    this.client = undefined;
    await previous?.disconnect().catch(() => undefined);
    this.restartTimer = undefined;
    if (this.stopping || this.gaveUp) return;
    this.restarts++;
    try {
      await this.runClient();
    } catch (error) {
      this.health.left(Date.now(), `rejoin failed: ${(error as Error).message}`);
      this.logger.error({ err: error, groupId: this.options.groupId }, 'consumer could not rejoin');
      this.scheduleRestart();
    }
  }

  private checkRejoin(): void {
    const maxRejoinMs = this.options.maxRejoinMs ?? 300_000;
    const report = this.readiness();
    if (this.stopping || this.gaveUp || report.outOfGroupSinceMs === undefined) return;
    if (Date.now() - report.outOfGroupSinceMs <= maxRejoinMs) return;
    this.gaveUp = true;
    clearInterval(this.watchdog);
    const error = new Error(
      `consumer of group ${this.options.groupId} has not rejoined for ${Math.round(maxRejoinMs / 1000)} s: ${report.detail}`,
    );
    this.logger.fatal({ err: error }, 'giving up on the consumer');
    this.options.onGiveUp?.(error);
  }

  /**
   * Whatever was queued is read again from the positions the client goes on
   * from (a rejoin, a fresh client, the store's positions), and a failure not
   * yet handed to kafkajs no longer moves its partition back: those positions
   * already lie at or before it.
   */
  private readAgainFromPositions(): void {
    this.lanes.dropAll();
    this.failedAt.clear();
  }

  /**
   * Queues the batch on its partition's lane (see partition-lanes.ts) and
   * hands it back to kafkajs once the partition's earlier batch is done, so
   * that the next fetch travels while this batch is handled. Its offsets are
   * resolved then (nothing is committed until the batch itself is done), so
   * kafkajs fetches the partition next from after it. A batch that fails
   * moves the partition back to its start, and its error reaches kafkajs
   * with the partition's next batch, which kafkajs then retries as before.
   */
  private async readAhead(client: ClientConsumer, payload: EachBatchPayload): Promise<void> {
    // A batch that arrives while stopping is left uncommitted: the next owner reads it again.
    if (this.stopping || client !== this.client) return;
    const { batch } = payload;
    if (batch.messages.length === 0 || payload.isStale()) return;
    // Taken now: kafkajs hands over every batch of a fetch before it fetches again, and a later fetch may end while this one waits.
    const fetchedAtMs = this.fetchedAtMs();
    const lane = laneOf(batch.topic, batch.partition);
    const { earlier, done, started } = this.lanes.enqueue(lane, () =>
      this.handle(client, payload, fetchedAtMs),
    );
    this.inFlight.add(done);
    const settled = () => this.inFlight.delete(done);
    done.then(settled, settled);
    try {
      await earlier;
    } catch (error) {
      // The partition's earlier batch failed and this one was not run: both are read again, from the
      // failed one's start. Unless a rejoin, a fresh client or the store's positions forgot that failure
      // meanwhile: they moved the partition to where it goes on from, and this batch's own start lies
      // past the failed batch (seeking there would skip it).
      const from = this.failedAt.get(lane);
      this.failedAt.delete(lane);
      if (from !== undefined) client.seek({ topic: batch.topic, partition: batch.partition, offset: from });
      throw error;
    }
    // Dropped while queued (a rejoin, a fresh client, the store's positions): not resolved, so that it
    // is read again; resolving it would move a partition with no stored position past it.
    if (!started()) return;
    // kafkajs fetches the partition next from the resolved offset, once every batch of this fetch is handed back.
    payload.resolveOffset(batch.messages[batch.messages.length - 1]!.offset);
  }

  private async handle(
    client: ClientConsumer,
    payload: EachBatchPayload,
    fetchedAtMs: number,
  ): Promise<void> {
    // Queued before a stop, a restart or a seek of its partition: read again by whoever reads next.
    if (this.stopping || client !== this.client || payload.isStale()) return;
    const { batch } = payload;
    const { topic, partition } = batch;
    const startOffset = startOffsetOf(batch);
    const unread = Math.max(1, Number(BigInt(batch.highWatermark) - BigInt(batch.firstOffset() ?? '0')));
    this.health.batchStarted(topic, partition, Date.now(), unread);
    // Past the batch's last record, control records (transaction markers) included: where the next fetch starts.
    const next = BigInt(batch.lastOffset()) + 1n;
    try {
      await this.handler!({
        topic,
        partition,
        records: batch.messages.map((m) => toRecord(topic, partition, m)),
        highWatermark: batch.highWatermark,
        fetchedAtMs,
        startOffset,
        nextOffset: next.toString(),
        isStale: payload.isStale,
        heartbeat: payload.heartbeat,
      });
      // A partition that moved during the batch belongs to another member now (a rebalance may
      // end while a batch is in hand: kafkajs waits only for the batches it handed out, see
      // readAhead); its new owner re-reads from the last commit and the effects are idempotent.
      if (payload.isStale() || !this.assignment[topic]?.includes(partition))
        return this.health.batchFailed(topic, partition, Date.now());
      // Not resolved again here: readAhead resolved it, and kafkajs may read past it by now.
      try {
        await client.commitOffsets([{ topic, partition, offset: next.toString() }]);
        // A commit carries the member id and generation: accepted, it proves membership as a heartbeat does.
        this.health.heartbeat(Date.now());
      } catch (error) {
        // The batch's effects are durable: Kafka's offset follows with the next batch, and a crash
        // before it only reads this batch again (at least once). Refused most often because the
        // group rebalances while this batch is in hand: not a failure of the batch.
        this.logger.warn(
          { err: error, topic, partition },
          "Kafka refused a batch's offsets; the next batch commits them",
        );
      }
      const lag = Math.max(0, Number(BigInt(batch.highWatermark) - next));
      this.health.batchFinished(topic, partition, Date.now(), lag);
    } catch (error) {
      this.health.batchFailed(topic, partition, Date.now());
      // The partition's queued batch follows this one: not started, whatever happens next.
      this.lanes.drop(laneOf(topic, partition));
      if (error instanceof ReadAgainFrom && error.topic === topic && error.partition === partition) {
        // The store lost writes this batch would build on: read the lost part again, commit nothing.
        this.logger.warn({ topic, partition, offset: error.offset }, error.message);
        client.seek({ topic, partition, offset: error.offset });
        return;
      }
      // Its client was replaced or is stopping: the partition is read again by whoever reads it next.
      if (this.stopping || client !== this.client) {
        this.logger.warn({ err: error, topic, partition }, 'batch failed while its consumer was replaced');
        return;
      }
      // Read it again: kafkajs already fetches from after it. The error reaches kafkajs with the
      // partition's next batch (readAhead), whose retries then begin here.
      this.failedAt.set(laneOf(topic, partition), startOffset);
      client.seek({ topic, partition, offset: startOffset });
      throw error;
    }
  }
}

/** A partition's lane (partition-lanes.ts), and its key in `failedAt`. */
function laneOf(topic: string, partition: number): string {
  return `${topic}/${partition}`;
}

/** Where the batch was fetched from: not in kafkajs's types, but set on every batch (consumer/batch.js). */
function startOffsetOf(batch: EachBatchPayload['batch']): string {
  return String((batch as unknown as { fetchedOffset: string }).fetchedOffset);
}

function toRecord(topic: string, partition: number, m: EachBatchPayload['batch']['messages'][number]) {
  const record: ConsumedRecord = {
    topic,
    partition,
    offset: m.offset,
    key: m.key ?? null,
    value: m.value ?? null,
    headers: flattenHeaders(m.headers),
    timestamp: m.timestamp,
  };
  return record;
}

/** Shared by every record without headers (most): a record's objects live until its batch is committed. */
const NO_HEADERS: Readonly<RecordHeaders> = Object.freeze({});

function flattenHeaders(
  headers: Record<string, Buffer | string | (Buffer | string)[] | undefined> | undefined,
): Readonly<RecordHeaders> {
  if (!headers || isEmpty(headers)) return NO_HEADERS;
  const out: RecordHeaders = {};
  for (const [name, value] of Object.entries(headers)) {
    // kafkajs collects headers on a plain object, so one named like an Object.prototype
    // member (`toString`) arrives as [inherited member, value]: keep the first real value.
    const values: unknown[] = Array.isArray(value) ? value : [value];
    const first = values.find((v): v is Buffer | string => Buffer.isBuffer(v) || typeof v === 'string');
    // An own property even for `__proto__`, which plain assignment would take as the prototype.
    Object.defineProperty(out, name, {
      value: first === undefined ? undefined : Buffer.isBuffer(first) ? first : Buffer.from(first),
      enumerable: true,
      writable: true,
      configurable: true,
    });
  }
  return out;
}

/** No own property: most records carry no headers, and Object.entries allocated a list for each. */
function isEmpty(headers: object): boolean {
  for (const name in headers) if (Object.hasOwn(headers, name)) return false;
  return true;
}
