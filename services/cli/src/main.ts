import { readFileSync } from 'node:fs';
import { parseArgs } from 'node:util';
import {
  ConfigurationError,
  eventTimeChecks,
  kafkaSettings,
  loadEnvironment,
  topics as topicsOf,
} from '@slawatch/config';
import type { TopicFamily } from '@slawatch/contract';
import { KafkaClient } from '@slawatch/kafka';
import { createLogger } from '@slawatch/logger';
import { checkLines } from './check-lines.js';

const USAGE = `usage: slawatch publish <events.jsonl> [--dry-run] [--brokers host:port,...]

Checks every line of the file against the slawatch event contract v1 and
publishes the valid events to their topics, keyed by waybill (the subject).
Invalid lines are reported with their line number and never published.
Exit status: 0 all lines valid, 1 some lines invalid, 2 usage or connection error.
Kafka settings come from the same environment variables as the services
(KAFKA_BROKERS, KAFKA_SSL*, KAFKA_SASL*, TOPIC_*).`;

async function main(argv: string[]): Promise<number> {
  const { positionals, values } = parseArgs({
    args: argv,
    allowPositionals: true,
    options: { 'dry-run': { type: 'boolean' }, brokers: { type: 'string' }, help: { type: 'boolean' } },
  });
  const [command, file] = positionals;
  if (values.help || command !== 'publish' || !file) {
    console.error(USAGE);
    return values.help ? 0 : 2;
  }
  const env = loadEnvironment({
    ...process.env,
    ...(values.brokers ? { KAFKA_BROKERS: values.brokers } : {}),
  });
  const checked = checkLines(readFileSync(file, 'utf8'), { now: Date.now(), ...eventTimeChecks(env) });
  const invalid = checked.filter((c) => c.error);
  for (const c of invalid) console.error(`${file}:${c.line}: ${c.error}`);
  const valid = checked.filter((c) => c.event);
  if (values['dry-run'] || valid.length === 0) {
    console.log(
      `${valid.length} valid, ${invalid.length} invalid${values['dry-run'] ? ' (dry run: nothing published)' : ''}`,
    );
    return invalid.length > 0 ? 1 : 0;
  }
  const topics = topicsOf(env);
  const byTopic = new Map<string, Array<{ key: string; value: string }>>();
  for (const c of valid) {
    const topic = topics[c.family as TopicFamily];
    const list = byTopic.get(topic) ?? [];
    list.push({ key: c.event!.subject, value: JSON.stringify(c.event) });
    byTopic.set(topic, list);
  }
  const logger = createLogger({ name: 'slawatch-cli', level: 'warn', format: 'json' });
  const producer = new KafkaClient(kafkaSettings(env, 'cli'), logger).producer();
  await producer.connect();
  try {
    for (const [topic, records] of byTopic) await producer.send(topic, records);
  } finally {
    await producer.disconnect();
  }
  console.log(`${valid.length} published, ${invalid.length} invalid`);
  return invalid.length > 0 ? 1 : 0;
}

main(process.argv.slice(2)).then(
  (code) => process.exit(code),
  (error) => {
    console.error(error instanceof ConfigurationError ? error.message : `slawatch: ${String(error)}`);
    process.exit(2);
  },
);
