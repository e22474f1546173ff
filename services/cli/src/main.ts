/**
 * `slawatch publish`: checks a file of events against the contract, then
 * publishes them, all or (with --skip-invalid) the valid ones. Exit codes:
 * 0 published, 1 invalid input (nothing published), 2 usage, file or Kafka.
 * `slawatch report` and `slawatch whatif`: the service-mix review (report.ts, whatif.ts).
 */
import { readFileSync } from 'node:fs';
import {
  ConfigurationError,
  eventTimeChecks,
  kafkaSettings,
  loadEnvironment,
  topics as topicsOf,
} from '@slawatch/config';
import { KafkaClient } from '@slawatch/kafka';
import { createLogger } from '@slawatch/logger';
import { ConfigFileError } from '@slawatch/validation';
import { type PublishOptions, parseCommand, USAGE } from './arguments.js';
import { checkLines } from './check-lines.js';
import { ProgressLine } from './progress.js';
import { PublishError, publishAll, recordsByTopic } from './publish.js';
import { InputError, readInput } from './read-input.js';
import { report } from './report.js';
import { parseReviewCommand, REVIEW_USAGE } from './review-arguments.js';
import { whatif } from './whatif.js';

const EXIT = { published: 0, invalid: 1, failed: 2 } as const;

function version(): string {
  const manifest = JSON.parse(readFileSync(new URL('../package.json', import.meta.url), 'utf8')) as {
    version: string;
  };
  return `slawatch ${manifest.version} (event contract v1)`;
}

function plural(n: number, word: string): string {
  return `${n} ${word}${n === 1 ? '' : 's'}`;
}

async function publish(options: PublishOptions): Promise<number> {
  const env = loadEnvironment({
    ...process.env,
    ...(options.brokers ? { KAFKA_BROKERS: options.brokers } : {}),
  });
  const name = options.input === '-' ? '(stdin)' : options.input;
  const text = await readInput(options.input);
  const checked = checkLines(text, { now: Date.now(), ...eventTimeChecks(env), strict: options.strict });
  const invalid = checked.filter((c) => c.error);
  const valid = checked.filter((c) => c.event);
  const label = options.skipInvalid ? 'skipped' : 'invalid';
  for (const c of invalid) console.error(`${name}:${c.line}: ${label}: ${c.error}`);

  if (invalid.length > 0 && !options.skipInvalid) {
    console.error(
      `${plural(invalid.length, 'invalid line')}, nothing published` +
        (valid.length > 0 ? ` (--skip-invalid publishes the ${valid.length} valid)` : ''),
    );
    return EXIT.invalid;
  }
  const skipped = invalid.length > 0 ? `, ${plural(invalid.length, 'invalid line')} skipped` : '';
  if (options.dryRun) {
    console.log(`${plural(valid.length, 'valid event')}${skipped} (dry run: nothing published)`);
    return EXIT.published;
  }
  if (valid.length === 0) {
    console.log(`no events to publish${skipped}`);
    return EXIT.published;
  }

  // The Kafka client's own log is for diagnosing a connection: LOG_LEVEL=debug shows it on stderr.
  const logger = createLogger({
    name: 'slawatch-cli',
    level: process.env['LOG_LEVEL'] ?? 'silent',
    format: 'json',
    destination: process.stderr,
  });
  const producer = new KafkaClient(kafkaSettings(env, 'cli'), logger).producer();
  const progress = new ProgressLine({ total: valid.length, stream: process.stderr });
  try {
    await producer.connect();
    await publishAll(producer, recordsByTopic(valid, topicsOf(env)), (n) => progress.update(n));
  } catch (error) {
    progress.finish();
    const published = error instanceof PublishError ? error.published : 0;
    const reason = error instanceof Error ? error.message.split('\n')[0] : String(error);
    console.error(
      `slawatch: cannot publish to Kafka at ${env.KAFKA_BROKERS}: ${reason}; ${published} of ${valid.length} ` +
        'published before the error (publishing the file again is safe: events are recognised by id)',
    );
    return EXIT.failed;
  } finally {
    await producer.disconnect().catch(() => undefined);
  }
  progress.finish();
  console.log(`${plural(valid.length, 'event')} published${skipped}`);
  return EXIT.published;
}

async function review(name: 'report' | 'whatif', argv: string[]): Promise<number> {
  const command = parseReviewCommand(name, argv);
  switch (command.kind) {
    case 'help':
      console.log(REVIEW_USAGE);
      return EXIT.published;
    case 'usage-error':
      console.error(`slawatch: ${command.message}`);
      return EXIT.failed;
    case 'report':
      return report(command.options);
    case 'whatif':
      return whatif(command.options);
  }
}

async function main(argv: string[]): Promise<number> {
  const [first, ...rest] = argv;
  if (first === 'report' || first === 'whatif') return review(first, rest);
  const command = parseCommand(argv);
  switch (command.kind) {
    case 'help':
      console.log(USAGE);
      return EXIT.published;
    case 'version':
      console.log(version());
      return EXIT.published;
    case 'usage-error':
      console.error(`slawatch: ${command.message}`);
      return EXIT.failed;
    case 'publish':
      return publish(command.options);
  }
}

main(process.argv.slice(2)).then(
  (code) => {
    process.exitCode = code;
  },
  (error) => {
    // A standards file's problems, one a line: file, line, path and what was expected.
    if (error instanceof ConfigFileError) {
      console.error(`slawatch: ${error.message}`);
      process.exitCode = EXIT.invalid;
      return;
    }
    const known = error instanceof ConfigurationError || error instanceof InputError;
    console.error(`slawatch: ${known ? error.message.replace(/\n\s*/g, '; ') : String(error)}`);
    process.exitCode = EXIT.failed;
  },
);
