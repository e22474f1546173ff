/**
 * One Kafka client reading the input topics and doing nothing with the
 * records, in a process of its own so that its CPU is its own (see
 * bench/clients.ts). It reports, from its first record to the last one
 * wanted, the seconds and the user + system CPU, over IPC.
 *
 * Environment: BENCH_CLIENT (kafkajs, platformatic, confluent),
 * BENCH_CLIENT_DIR (where the non-workspace clients are installed),
 * KAFKA_BROKERS, BENCH_TOPICS (comma-separated), BENCH_EVENTS.
 */
import { createRequire } from 'node:module';
import { join } from 'node:path';

const client = process.env['BENCH_CLIENT']!;
const brokers = [process.env['KAFKA_BROKERS']!];
const topics = process.env['BENCH_TOPICS']!.split(',');
const wanted = Number(process.env['BENCH_EVENTS']);
const installed = createRequire(join(process.env['BENCH_CLIENT_DIR'] ?? '.', 'package.json'));

let seen = 0;
let startMs = 0;
let cpuStart = process.cpuUsage();

/** Counts records; the first starts the clock, the last wanted reports and ends the process. */
function count(records: number): void {
  if (startMs === 0) {
    startMs = performance.now();
    cpuStart = process.cpuUsage();
  }
  seen += records;
  if (seen < wanted) return;
  const cpu = process.cpuUsage(cpuStart);
  process.send?.({
    events: seen,
    cpuMicros: cpu.user + cpu.system,
    seconds: (performance.now() - startMs) / 1000,
  });
  setTimeout(() => process.exit(0), 50);
}

async function kafkajs(): Promise<void> {
  const { Kafka, logLevel } = await import('kafkajs');
  const consumer = new Kafka({ brokers, clientId: 'noop', logLevel: logLevel.NOTHING }).consumer({
    groupId: 'noop-kafkajs',
  });
  await consumer.connect();
  await consumer.subscribe({ topics, fromBeginning: true });
  await consumer.run({
    partitionsConsumedConcurrently: 3,
    eachBatch: async ({ batch }) => count(batch.messages.length),
  });
}

async function platformatic(): Promise<void> {
  const { Consumer } = installed('@platformatic/kafka') as typeof import('kafkajs') & {
    Consumer: new (
      options: Record<string, unknown>,
    ) => {
      consume(options: Record<string, unknown>): Promise<NodeJS.ReadableStream>;
    };
  };
  const consumer = new Consumer({
    groupId: 'noop-platformatic',
    clientId: 'noop',
    bootstrapBrokers: brokers,
  });
  // Buffers as they come (no deserialisers), offsets not committed: the same as the kafkajs no-op.
  const stream = await consumer.consume({ topics, mode: 'earliest', autocommit: false });
  stream.on('data', () => count(1));
}

async function confluent(): Promise<void> {
  const { KafkaJS } = installed('@confluentinc/kafka-javascript') as { KafkaJS: typeof import('kafkajs') };
  const kafka = new KafkaJS.Kafka({ kafkaJS: { brokers, logLevel: 0 } } as never);
  const consumer = kafka.consumer({ kafkaJS: { groupId: 'noop-confluent', fromBeginning: true } } as never);
  await consumer.connect();
  await consumer.subscribe({ topics });
  await consumer.run({ eachBatch: async ({ batch }) => count(batch.messages.length) });
}

const clients: Record<string, () => Promise<void>> = { kafkajs, platformatic, confluent };
const run = clients[client];
if (!run) throw new Error(`unknown client ${client}`);
run().catch((error: unknown) => {
  process.send?.({ error: String(error) });
  setTimeout(() => process.exit(1), 50);
});
