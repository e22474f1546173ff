/**
 * Where a consumer reads from when the effects of what it read are kept
 * outside Kafka. A store that commits a batch's effects together with the
 * offset after it (atomically) knows better than Kafka's committed offset
 * what has really been applied: after that store lost its last writes (a
 * Redis restarted from an AOF a second behind), Kafka's offset is ahead and
 * the lost events would never be read again.
 */
export interface TopicPartitionOffset {
  topic: string;
  partition: number;
  /** The next offset to read. */
  offset: string;
}

export interface StoredPositions {
  /**
   * The stored next offsets of these partitions; a partition the store has
   * never seen is left out and read from Kafka's committed offset.
   */
  read(assignment: Record<string, number[]>): Promise<TopicPartitionOffset[]>;
}

/**
 * Thrown by a batch handler whose store found that the batch does not
 * continue what it holds (it lost writes): nothing was applied, and the
 * consumer reads the partition again from `offset` instead of committing.
 */
export class ReadAgainFrom extends Error {
  readonly topic: string;
  readonly partition: number;
  readonly offset: string;

  constructor(position: TopicPartitionOffset & { reason: string }) {
    super(
      `${position.topic}/${position.partition}: reading again from offset ${position.offset} (${position.reason})`,
    );
    this.name = 'ReadAgainFrom';
    this.topic = position.topic;
    this.partition = position.partition;
    this.offset = position.offset;
  }
}
