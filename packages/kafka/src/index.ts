export { Admin, type AdminOptions } from './admin.js';
export { type Assignment, BatchConsumer, type BatchConsumerOptions } from './batch-consumer.js';
export { KafkaClient } from './client.js';
export { CO_PARTITIONED, coPartitionedAssignor } from './co-partitioned-assignor.js';
export type { KafkaConnectionSettings } from './connection.js';
export { murmur2, partitionOfKey } from './key-partition.js';
export { isRecordTooLarge, Producer } from './producer.js';
export { ReadAgainFrom, type StoredPositions, type TopicPartitionOffset } from './stored-positions.js';
export type {
  ConsumedRecord,
  OutgoingRecord,
  PartitionLag,
  RecordBatch,
  RecordHeaders,
  TopicSpec,
} from './types.js';
