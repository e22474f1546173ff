/**
 * The adapter's own vocabulary. Nothing outside this package imports the
 * Kafka client library, so replacing kafkajs touches only this folder.
 */
export interface RecordHeaders {
  [name: string]: Buffer | undefined;
}

export interface ConsumedRecord {
  topic: string;
  partition: number;
  offset: string;
  key: Buffer | null;
  value: Buffer | null;
  /** Read-only: records without headers share one empty object. */
  headers: Readonly<RecordHeaders>;
  /** Broker append time or producer create time, epoch ms as a string. */
  timestamp: string;
}

export interface RecordBatch {
  topic: string;
  partition: number;
  records: ConsumedRecord[];
  highWatermark: string;
  /**
   * No later than when the fetch that brought this batch was sent: its
   * `highWatermark` holds as of then. A batch can wait in the client's queue
   * long after its fetch (handlers held up by a Redis outage), so "caught up"
   * is as of this moment, not as of when the handler got the batch.
   */
  fetchedAtMs: number;
  /** The offset this batch was fetched from: where the previous batch ended. */
  startOffset: string;
  /** The offset after the batch's last record (transaction markers included): where the next batch starts. */
  nextOffset: string;
  /** True once a rebalance took this partition away: stop work, commit nothing. */
  isStale(): boolean;
  heartbeat(): Promise<void>;
}

export interface OutgoingRecord {
  key: string | Buffer | null;
  value: string | Buffer;
  headers?: Record<string, string | Buffer>;
  partition?: number;
}

export interface TopicSpec {
  topic: string;
  partitions: number;
  replicationFactor?: number;
  config?: Record<string, string>;
}

export interface PartitionLag {
  topic: string;
  partition: number;
  committed: string;
  end: string;
  lag: number;
}
