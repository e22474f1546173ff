import { parseArgs } from 'node:util';
import { closestName } from '@slawatch/validation';

export const USAGE = `Usage: slawatch publish [options] <events.jsonl | ->

Checks every line of the file (or standard input, with -) against the slawatch
event contract v1, then publishes the events to their topics, keyed by waybill
(the subject), in file order. If any line is invalid, nothing is published.

Options:
  --skip-invalid     publish the valid lines and report the invalid ones as skipped
  --dry-run          check every line and publish nothing
  --strict           refuse data fields the contract does not define (typos, extras)
  --brokers LIST     Kafka bootstrap servers, host:port[,host:port...]
                     (default: $KAFKA_BROKERS, else 127.0.0.1:9092;
                     docker compose: localhost:29092)
  -h, --help         show this help
  --version          show the version

Exit status:
  0  every event published (with --skip-invalid: every valid one), or checked with --dry-run
  1  invalid input: some lines are not valid events, nothing was published
  2  usage, file or Kafka error

Kafka connection settings and topic names come from the same environment
variables as the services: KAFKA_BROKERS, KAFKA_SSL*, KAFKA_SASL*, TOPIC_*.
Publishing the same file twice is harmless: slawatch recognises an event it has
seen by its id. Contract and examples: docs/publishing.md.

The service-mix review and the what-if of a proposed standards file:
slawatch report --help (docs/review.md).`;

export interface PublishOptions {
  /** A file path, or `-` for standard input. */
  input: string;
  skipInvalid: boolean;
  dryRun: boolean;
  strict: boolean;
  brokers: string | undefined;
}

export type Command =
  | { kind: 'help' }
  | { kind: 'version' }
  | { kind: 'publish'; options: PublishOptions }
  | { kind: 'usage-error'; message: string };

const OPTIONS = {
  'skip-invalid': { type: 'boolean' },
  'dry-run': { type: 'boolean' },
  strict: { type: 'boolean' },
  brokers: { type: 'string' },
  help: { type: 'boolean', short: 'h' },
  version: { type: 'boolean' },
} as const;

const SEE_HELP = 'see slawatch publish --help';

function unknownOption(error: Error): string {
  const option = /'([^']+)'/.exec(error.message)?.[1] ?? '';
  const names = Object.keys(OPTIONS).map((name) => `--${name}`);
  const suggestion = option.startsWith('--') ? closestName(option, names) : undefined;
  return `unknown option ${option}${suggestion ? ` (did you mean ${suggestion}?)` : ''}; ${SEE_HELP}`;
}

/** What the command line asks for; every mistake is one line that says what to type instead. */
export function parseCommand(argv: string[]): Command {
  let parsed: ReturnType<
    typeof parseArgs<{ args: string[]; options: typeof OPTIONS; allowPositionals: true }>
  >;
  try {
    parsed = parseArgs({ args: argv, options: OPTIONS, allowPositionals: true, strict: true });
  } catch (error) {
    const code = (error as NodeJS.ErrnoException).code;
    if (code === 'ERR_PARSE_ARGS_UNKNOWN_OPTION')
      return { kind: 'usage-error', message: unknownOption(error as Error) };
    if (code === 'ERR_PARSE_ARGS_INVALID_OPTION_VALUE') {
      const option = /--[\w-]+/.exec((error as Error).message)?.[0] ?? 'an option';
      return { kind: 'usage-error', message: `${option} needs a value; ${SEE_HELP}` };
    }
    return { kind: 'usage-error', message: `${(error as Error).message.split('\n')[0]}; ${SEE_HELP}` };
  }
  const { values, positionals } = parsed;
  if (values.help) return { kind: 'help' };
  if (values.version) return { kind: 'version' };
  const [command, input, ...extra] = positionals;
  if (command === undefined) return { kind: 'usage-error', message: `no command; ${SEE_HELP}` };
  if (command !== 'publish') {
    return {
      kind: 'usage-error',
      message: `unknown command ${command}, expected publish, report or whatif; ${SEE_HELP}`,
    };
  }
  if (input === undefined) {
    return {
      kind: 'usage-error',
      message: `publish needs a file of events, or - for standard input; ${SEE_HELP}`,
    };
  }
  if (extra.length > 0) {
    return {
      kind: 'usage-error',
      message: `publish takes one file, got also ${extra.join(' ')}; ${SEE_HELP}`,
    };
  }
  return {
    kind: 'publish',
    options: {
      input,
      skipInvalid: values['skip-invalid'] === true,
      dryRun: values['dry-run'] === true,
      strict: values.strict === true,
      brokers: values.brokers,
    },
  };
}
