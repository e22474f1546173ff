import { parseArgs } from 'node:util';
import { closestName } from '@slawatch/validation';

export const REVIEW_USAGE = `Usage: slawatch report --from YYYY-MM-DD --to YYYY-MM-DD [options]
       slawatch whatif --standards proposed.yaml --from YYYY-MM-DD --to YYYY-MM-DD [options]

report: the service-mix review of the orders placed on those days (Asia/Shanghai):
per standard (and the breakdown asked for) the shipments judged and met,
attainment, the objective and competitor benchmark from the standards file,
the gap to each and the trend, grouped by pre-/in-/post-transaction and by
time, reliability, communication and convenience. Read from the counts the
monitor keeps in Redis (ATTAINMENT_RETENTION_DAYS, default 400).

whatif: reads the events of those days again from Kafka (by timestamp), judges
them against the current and the proposed standards file in memory, and
prints both reviews side by side with the breaches that would appear or
disappear. Publishes nothing, pages nobody, writes nothing to the monitor's Redis.

Options:
  --from DAY, --to DAY  first and last order day, inclusive
  --by LIST             breakdown besides the standard: segment,product,route
                        (default segment; "none" for one row per standard)
  --format FORMAT       table (default), csv, json or html
  --lang zh|en          the HTML page's first language (default zh; both are in the file)
  --output FILE         write there instead of standard output
  --standards FILE      whatif: the proposed standards file
  --current FILE        the current standards file (default $STANDARDS_FILE)
  --partitions N        input partitions (default: read from Kafka, else $KAFKA_PARTITIONS)
  --brokers LIST        Kafka bootstrap servers (default $KAFKA_BROKERS)
  -h, --help            show this help

Exit status: 0 done, 1 invalid standards file, 2 usage, Redis or Kafka error.`;

export const FORMATS = ['table', 'csv', 'json', 'html'] as const;
export type Format = (typeof FORMATS)[number];
const BREAKDOWN = ['segment', 'product', 'route'] as const;
export type Breakdown = (typeof BREAKDOWN)[number];

export interface ReviewOptions {
  from: string;
  to: string;
  by: Breakdown[];
  format: Format;
  language: 'zh' | 'en';
  output: string | undefined;
  current: string | undefined;
  partitions: number | undefined;
  brokers: string | undefined;
}

export type ReviewCommand =
  | { kind: 'help' }
  | { kind: 'report'; options: ReviewOptions }
  | { kind: 'whatif'; options: ReviewOptions & { proposed: string } }
  | { kind: 'usage-error'; message: string };

const OPTIONS = {
  from: { type: 'string' },
  to: { type: 'string' },
  by: { type: 'string' },
  format: { type: 'string' },
  lang: { type: 'string' },
  output: { type: 'string' },
  standards: { type: 'string' },
  current: { type: 'string' },
  partitions: { type: 'string' },
  brokers: { type: 'string' },
  help: { type: 'boolean', short: 'h' },
} as const;

const SEE_HELP = 'see slawatch report --help';
const DAY = /^\d{4}-\d{2}-\d{2}$/;
/** A review longer than this is a mistake (retention is 400 days by default). */
const MAX_DAYS = 1_000;

function isDay(text: string): boolean {
  return DAY.test(text) && new Date(`${text}T00:00:00Z`).toISOString().startsWith(text);
}

function error(message: string): ReviewCommand {
  return { kind: 'usage-error', message: `${message}; ${SEE_HELP}` };
}

/** `slawatch report …` and `slawatch whatif …`: every mistake is one line that says what to type instead. */
export function parseReviewCommand(command: 'report' | 'whatif', argv: string[]): ReviewCommand {
  let values: ReturnType<typeof parseArgs<{ args: string[]; options: typeof OPTIONS }>>['values'];
  try {
    ({ values } = parseArgs({ args: argv, options: OPTIONS, strict: true, allowPositionals: false }));
  } catch (failure) {
    const message = (failure as Error).message.split('\n')[0] ?? '';
    const option = /'([^']+)'/.exec(message)?.[1];
    if ((failure as NodeJS.ErrnoException).code === 'ERR_PARSE_ARGS_UNKNOWN_OPTION' && option) {
      const suggestion = closestName(
        option,
        Object.keys(OPTIONS).map((n) => `--${n}`),
      );
      return error(`unknown option ${option}${suggestion ? ` (did you mean ${suggestion}?)` : ''}`);
    }
    return error(message);
  }
  if (values.help) return { kind: 'help' };
  const { from, to } = values;
  if (from === undefined || to === undefined) return error(`${command} needs --from and --to (YYYY-MM-DD)`);
  for (const [name, day] of [
    ['--from', from],
    ['--to', to],
  ] as const) {
    if (!isDay(day)) return error(`${name} ${day}: expected a day YYYY-MM-DD`);
  }
  if (from > to) return error(`--from ${from} is after --to ${to}`);
  if ((Date.parse(to) - Date.parse(from)) / 86_400_000 >= MAX_DAYS)
    return error(`--from ${from} --to ${to}: expected at most ${MAX_DAYS} days`);
  const by: Breakdown[] = [];
  for (const part of (values.by ?? 'segment').split(',').map((p) => p.trim())) {
    if (part === 'none' || part === '' || part === 'standard') continue;
    if (!(BREAKDOWN as ReadonlyArray<string>).includes(part))
      return error(`--by ${part}: expected some of ${BREAKDOWN.join(', ')} (or none)`);
    by.push(part as Breakdown);
  }
  const format = values.format ?? 'table';
  if (!(FORMATS as ReadonlyArray<string>).includes(format))
    return error(`--format ${format}: expected one of ${FORMATS.join(', ')}`);
  const language = values.lang ?? 'zh';
  if (language !== 'zh' && language !== 'en') return error(`--lang ${language}: expected zh or en`);
  let partitions: number | undefined;
  if (values.partitions !== undefined) {
    partitions = Number(values.partitions);
    if (!Number.isInteger(partitions) || partitions < 1)
      return error(`--partitions ${values.partitions}: expected a whole number of at least 1`);
  }
  const options: ReviewOptions = {
    from,
    to,
    by,
    format: format as Format,
    language,
    output: values.output,
    current: values.current,
    partitions,
    brokers: values.brokers,
  };
  if (command === 'report') {
    if (values.standards !== undefined)
      return error('report reads --current, not --standards (that is for whatif)');
    return { kind: 'report', options };
  }
  if (values.standards === undefined) return error('whatif needs --standards proposed.yaml');
  return { kind: 'whatif', options: { ...options, proposed: values.standards } };
}
