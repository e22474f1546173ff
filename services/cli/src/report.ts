import { writeFileSync } from 'node:fs';
import { type Environment, kafkaSettings, loadEnvironment, redisSettings } from '@slawatch/config';
import { KafkaClient } from '@slawatch/kafka';
import { createLogger, type Logger } from '@slawatch/logger';
import { createRedis } from '@slawatch/redis';
import { formatReview, oldestKeptDay, type Review, readReview } from '@slawatch/review';
import { AttainmentCounts } from '@slawatch/shipment-store';
import { loadStandards } from '@slawatch/standards';
import type { ReviewOptions } from './review-arguments.js';

export function reviewEnvironment(options: { brokers: string | undefined }): Environment {
  return loadEnvironment({ ...process.env, ...(options.brokers ? { KAFKA_BROKERS: options.brokers } : {}) });
}

export function quietLogger(): Logger {
  return createLogger({
    name: 'slawatch-cli',
    level: process.env['LOG_LEVEL'] ?? 'silent',
    format: 'json',
    destination: process.stderr,
  });
}

/**
 * The partitions of the input topics: counts are kept per partition. Asked
 * of Kafka (the orders topic), unless given; if Kafka cannot say within a few
 * seconds, KAFKA_PARTITIONS, with a note.
 */
export async function inputPartitions(env: Environment, given: number | undefined): Promise<number> {
  if (given !== undefined) return given;
  const admin = new KafkaClient(kafkaSettings(env, 'cli'), quietLogger()).admin();
  try {
    const counted = await Promise.race([
      admin.connect().then(() => admin.partitionCounts([env.TOPIC_ORDERS])),
      new Promise<undefined>((resolve) => setTimeout(() => resolve(undefined), 5_000).unref()),
    ]);
    const count = counted?.get(env.TOPIC_ORDERS);
    if (count) return count;
  } catch {
    // Told below.
  } finally {
    void admin.disconnect().catch(() => undefined);
  }
  console.error(
    `slawatch: could not read the partitions of ${env.TOPIC_ORDERS} from Kafka; using KAFKA_PARTITIONS=${env.KAFKA_PARTITIONS} (--partitions sets it)`,
  );
  return env.KAFKA_PARTITIONS;
}

export function writeOutput(text: string, output: string | undefined): void {
  if (output) writeFileSync(output, text.endsWith('\n') ? text : `${text}\n`);
  else process.stdout.write(text.endsWith('\n') ? text : `${text}\n`);
}

/** `slawatch report`: the review from the counts the monitor keeps in Redis. */
export async function report(options: ReviewOptions): Promise<number> {
  const env = reviewEnvironment(options);
  const file = loadStandards(options.current ?? env.STANDARDS_FILE);
  const oldest = oldestKeptDay(env.ATTAINMENT_RETENTION_DAYS, Date.now());
  if (options.from < oldest) {
    console.error(
      `slawatch: counts of days before ${oldest} are past their retention (ATTAINMENT_RETENTION_DAYS=${env.ATTAINMENT_RETENTION_DAYS}): they read as nothing judged`,
    );
  }
  const partitions = await inputPartitions(env, options.partitions);
  const redis = createRedis(redisSettings(env), { name: 'slawatch-cli-report' });
  let review: Review;
  try {
    review = await readReview(new AttainmentCounts(redis, { prefix: env.REDIS_KEY_PREFIX }), {
      file,
      from: options.from,
      to: options.to,
      by: options.by,
      partitions,
    });
  } finally {
    redis.disconnect();
  }
  writeOutput(formatReview(review, options.format, options.language), options.output);
  if (options.output) console.error(`wrote ${options.output}`);
  return 0;
}
