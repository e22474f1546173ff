import type { Kafka } from 'kafkajs';
import type { Logger } from 'pino';
import { Admin, type AdminOptions } from './admin.js';
import { BatchConsumer, type BatchConsumerOptions } from './batch-consumer.js';
import { connect, type KafkaConnectionSettings } from './connection.js';
import { Producer } from './producer.js';

/** Entry point of the adapter: one per process, hands out producers, consumers and admins. */
export class KafkaClient {
  private readonly kafka: Kafka;

  constructor(
    settings: KafkaConnectionSettings,
    private readonly logger: Logger,
  ) {
    this.kafka = connect(settings, logger);
  }

  producer(): Producer {
    return new Producer(this.kafka);
  }

  consumer(options: BatchConsumerOptions): BatchConsumer {
    return new BatchConsumer(this.kafka, options, this.logger);
  }

  admin(options: AdminOptions = {}): Admin {
    return new Admin(this.kafka, options);
  }
}
