import type { Consumer as ClientConsumer, EachBatchPayload, Kafka } from 'kafkajs';
import type { Logger } from 'pino';
import { coPartitionedAssignor } from './co-partitioned-assignor.js';
import type { ConsumedRecord, RecordBatch } from './types.js';

export interface BatchConsumerOptions {
  groupId: string;
  topics: string[];
  /** Same partition numbers of every topic to one member (see co-partitioned-assignor.ts). */
  coPartitioned?: boolean;
  partitionsConsumedConcurrently?: number;
  maxBytesPerPartition?: number;
  sessionTimeoutMs?: number;
  fromBeginning?: boolean;
}

export type Assignment = Record<string, number[]>;

/**
 * Hands whole batches to one handler and commits a batch's offsets only
 * after the handler resolved, i.e. after its effects are durable. A crash
 * before the commit redelivers the batch (at least once); the handler's
 * effects must therefore be idempotent.
 */
export class BatchConsumer {
  private readonly consumer: ClientConsumer;
  private assignment: Assignment = {};
  private running = false;
  private joined = false;
  private stopping = false;
  private readonly inFlight = new Set<Promise<void>>();

  constructor(
    kafka: Kafka,
    private readonly options: BatchConsumerOptions,
    private readonly logger: Logger,
  ) {
    this.consumer = kafka.consumer({
      groupId: options.groupId,
      partitionAssigners: options.coPartitioned ? [coPartitionedAssignor] : undefined,
      sessionTimeout: options.sessionTimeoutMs ?? 10_000,
      heartbeatInterval: Math.floor((options.sessionTimeoutMs ?? 10_000) / 5),
      maxBytesPerPartition: options.maxBytesPerPartition ?? 1_048_576,
      allowAutoTopicCreation: false,
    });
    this.consumer.on(this.consumer.events.GROUP_JOIN, (event) => {
      this.assignment = event.payload.memberAssignment;
      this.joined = true;
      this.logger.info({ assignment: this.assignment, groupId: options.groupId }, 'partitions assigned');
    });
    this.consumer.on(this.consumer.events.CRASH, (event) => {
      this.logger.error({ err: event.payload.error, restart: event.payload.restart }, 'consumer crashed');
    });
  }

  currentAssignment(): Assignment {
    return this.assignment;
  }

  /** Running and a member of the group (it may legitimately own no partition). */
  isRunning(): boolean {
    return this.running && this.joined;
  }

  async start(handler: (batch: RecordBatch) => Promise<void>): Promise<void> {
    await this.consumer.connect();
    await this.consumer.subscribe({
      topics: this.options.topics,
      fromBeginning: this.options.fromBeginning ?? true,
    });
    this.running = true;
    await this.consumer.run({
      autoCommit: false,
      eachBatchAutoResolve: false,
      partitionsConsumedConcurrently: this.options.partitionsConsumedConcurrently ?? 3,
      eachBatch: async (payload) => {
        // A batch that arrives while stopping is left uncommitted: the next owner reads it again.
        if (this.stopping) return;
        const work = this.handle(payload, handler);
        this.inFlight.add(work);
        try {
          await work;
        } finally {
          this.inFlight.delete(work);
        }
      },
    });
  }

  private async handle(
    payload: EachBatchPayload,
    handler: (batch: RecordBatch) => Promise<void>,
  ): Promise<void> {
    const { batch } = payload;
    if (batch.messages.length === 0 || payload.isStale()) return;
    const records: ConsumedRecord[] = batch.messages.map((m) => ({
      topic: batch.topic,
      partition: batch.partition,
      offset: m.offset,
      key: m.key ?? null,
      value: m.value ?? null,
      headers: flattenHeaders(m.headers),
      timestamp: m.timestamp,
    }));
    await handler({
      topic: batch.topic,
      partition: batch.partition,
      records,
      highWatermark: batch.highWatermark,
      isStale: payload.isStale,
      heartbeat: payload.heartbeat,
    });
    // A partition that moved during the batch belongs to another member now;
    // its new owner re-reads from the last commit and the effects are idempotent.
    if (payload.isStale()) return;
    const last = batch.messages[batch.messages.length - 1]!;
    payload.resolveOffset(last.offset);
    await this.consumer.commitOffsets([
      { topic: batch.topic, partition: batch.partition, offset: (BigInt(last.offset) + 1n).toString() },
    ]);
  }

  /** Finishes the batch in hand, commits it, and leaves the group. */
  async stop(): Promise<void> {
    this.stopping = true;
    await Promise.allSettled([...this.inFlight]);
    this.running = false;
    await this.consumer.disconnect();
  }
}

function flattenHeaders(
  headers: Record<string, Buffer | string | (Buffer | string)[] | undefined> | undefined,
) {
  const out: Record<string, Buffer | undefined> = {};
  if (!headers) return out;
  for (const [name, value] of Object.entries(headers)) {
    const first = Array.isArray(value) ? value[0] : value;
    out[name] = first === undefined ? undefined : Buffer.isBuffer(first) ? first : Buffer.from(first);
  }
  return out;
}
