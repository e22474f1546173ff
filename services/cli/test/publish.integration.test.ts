import { execFile } from 'node:child_process';
import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { sampleEvent } from '@slawatch/contract';
import type { KafkaClient } from '@slawatch/kafka';
import { beforeAll, describe, expect, inject, it } from 'vitest';
import { testKafka, uniqueName } from '../../../test/harness/isolation.js';
import { publish, readTopic } from '../../../test/harness/topics.js';

interface Run {
  code: number;
  stdout: string;
  stderr: string;
}

/** Runs the CLI as a user would, from the checkout's bin, with `input` on its standard input. */
function cli(args: string[], options: { env?: Record<string, string>; input?: string } = {}): Promise<Run> {
  const bin = join(inject('repositoryRoot'), 'services/cli/bin/slawatch');
  return new Promise((resolve) => {
    const child = execFile(
      bin,
      args,
      { env: { ...process.env, KAFKA_BROKERS: inject('kafkaBrokers'), ...options.env } },
      (error, stdout, stderr) => {
        const code = error ? ((error as { code?: number }).code ?? -1) : 0;
        resolve({ code, stdout, stderr });
      },
    );
    child.stdin?.end(options.input ?? '');
  });
}

function eventsFile(lines: string[]): string {
  const file = join(mkdtempSync(join(tmpdir(), 'slawatch-cli-')), 'events.jsonl');
  writeFileSync(file, `${lines.join('\n')}\n`);
  return file;
}

const time = () => new Date(Date.now() - 60_000).toISOString();
const order = (n: number) =>
  JSON.stringify(
    sampleEvent('order.created', { subject: `SW6000000000${10 + n}`, id: `cli-order-${n}`, time: time() }),
  );
const pickup = (n: number) =>
  JSON.stringify(
    sampleEvent('dispatch.picked_up', {
      subject: `SW6000000000${10 + n}`,
      id: `cli-pickup-${n}`,
      time: time(),
    }),
  );

/**
 * Every record now in a one-partition topic: a sentinel is appended and the
 * topic read up to it, so "nothing else" is seen, not assumed after a wait.
 */
async function recordsIn(
  kafka: KafkaClient,
  topic: string,
): Promise<Array<{ key: string | null; id: string }>> {
  const sentinel = uniqueName('sentinel');
  await publish(kafka, topic, [{ key: sentinel, value: JSON.stringify({ id: sentinel }) }]);
  const records = await readTopic(kafka, topic, (r) => r.some((x) => x.key === sentinel));
  const all = records.map((r) => ({ key: r.key, id: (JSON.parse(r.value.toString()) as { id: string }).id }));
  return all.filter((r) => !r.id.startsWith('sentinel'));
}

describe('slawatch publish: usage', () => {
  it('prints help on stdout and exits 0, for -h and --help', async () => {
    for (const flag of ['-h', '--help']) {
      const run = await cli([flag]);
      expect(run.code).toBe(0);
      expect(run.stdout).toMatch(/^Usage: slawatch publish \[options\] <events\.jsonl \| ->/);
      expect(run.stdout).toContain('--skip-invalid');
      expect(run.stdout).toContain('localhost:29092');
      expect(run.stderr).toBe('');
    }
    const version = await cli(['--version']);
    expect(version).toMatchObject({ code: 0, stderr: '' });
    expect(version.stdout).toMatch(/^slawatch \d+\.\d+\.\d+ \(event contract v1\)\n$/);
  });

  it('refuses an unknown flag in one line, suggesting the flag meant, exit 2', async () => {
    const run = await cli(['publish', '--dry-rn', 'events.jsonl']);
    expect(run.code).toBe(2);
    expect(run.stdout).toBe('');
    expect(run.stderr).toBe(
      'slawatch: unknown option --dry-rn (did you mean --dry-run?); see slawatch publish --help\n',
    );
  });

  it('says in one line that a file is missing or is a directory, exit 2', async () => {
    const folder = mkdtempSync(join(tmpdir(), 'slawatch-cli-'));
    const missing = await cli(['publish', join(folder, 'nowhere.jsonl')]);
    expect(missing.code).toBe(2);
    expect(missing.stderr).toBe(`slawatch: cannot read ${join(folder, 'nowhere.jsonl')}: no such file\n`);
    const directory = await cli(['publish', folder]);
    expect(directory.code).toBe(2);
    expect(directory.stderr).toMatch(
      new RegExp(`^slawatch: cannot read ${folder}: is a directory[^\\n]*\\n$`),
    );
  });
});

describe('slawatch publish: events', () => {
  const kafka = testKafka();
  const id = uniqueName('cli');
  const env = { TOPIC_ORDERS: `${id}.orders`, TOPIC_DISPATCH: `${id}.dispatch` };

  beforeAll(async () => {
    const admin = kafka.admin();
    await admin.connect();
    await admin.ensureTopics([
      { topic: env.TOPIC_ORDERS, partitions: 1 },
      { topic: env.TOPIC_DISPATCH, partitions: 1 },
    ]);
    await admin.disconnect();
  });

  it('a file with one bad line publishes nothing; with --skip-invalid the rest exactly once', async () => {
    const file = eventsFile([order(1), pickup(1), '{"specversion": "1.0", oops', order(2), '', pickup(2)]);

    const refused = await cli(['publish', file], { env });
    expect(refused.code).toBe(1);
    // The JSON parser's own words vary with the Node version; the line and the verdict do not.
    const [problem, summary, ...rest] = refused.stderr.split('\n');
    expect(problem).toMatch(
      new RegExp(`^${file}:3: invalid: invalid_json: expected one JSON object per line \\(.+\\)$`),
    );
    expect(summary).toBe('1 invalid line, nothing published (--skip-invalid publishes the 4 valid)');
    expect(rest).toEqual(['']);
    expect(refused.stdout).toBe('');
    expect(await recordsIn(kafka, env.TOPIC_ORDERS)).toEqual([]);
    expect(await recordsIn(kafka, env.TOPIC_DISPATCH)).toEqual([]);

    const skipping = await cli(['publish', '--skip-invalid', file], { env });
    expect(skipping.code).toBe(0);
    expect(skipping.stderr).toMatch(new RegExp(`^${file}:3: skipped: invalid_json: `));
    expect(skipping.stdout).toBe('4 events published, 1 invalid line skipped\n');
    expect(await recordsIn(kafka, env.TOPIC_ORDERS)).toEqual([
      { key: 'SW600000000011', id: 'cli-order-1' },
      { key: 'SW600000000012', id: 'cli-order-2' },
    ]);
    expect(await recordsIn(kafka, env.TOPIC_DISPATCH)).toEqual([
      { key: 'SW600000000011', id: 'cli-pickup-1' },
      { key: 'SW600000000012', id: 'cli-pickup-2' },
    ]);
  });

  it('reads standard input for -, and --dry-run and --strict publish nothing', async () => {
    const before = (await recordsIn(kafka, env.TOPIC_ORDERS)).length;
    const misspelt = JSON.parse(order(4)) as { data: Record<string, unknown> };
    misspelt.data['promisedDeliverBy'] = time();

    const dry = await cli(['publish', '--dry-run', '-'], { env, input: `${order(3)}\n` });
    expect(dry).toMatchObject({
      code: 0,
      stdout: '1 valid event (dry run: nothing published)\n',
      stderr: '',
    });
    const strict = await cli(['publish', '--strict', '-'], {
      env,
      input: `${order(3)}\n${JSON.stringify(misspelt)}\n`,
    });
    expect(strict.code).toBe(1);
    expect(strict.stderr).toContain(
      '(stdin):2: invalid: unknown_field: the contract defines no data.promisedDeliverBy (--strict)',
    );
    expect(await recordsIn(kafka, env.TOPIC_ORDERS)).toHaveLength(before);

    const piped = await cli(['publish', '-'], { env, input: `${order(3)}\n` });
    expect(piped).toMatchObject({ code: 0, stdout: '1 event published\n' });
    const after = await recordsIn(kafka, env.TOPIC_ORDERS);
    expect(after.slice(before)).toEqual([{ key: 'SW600000000013', id: 'cli-order-3' }]);
  });

  it('says in one line when Kafka cannot be reached, exit 2, nothing claimed published', async () => {
    const run = await cli(['publish', '--brokers', '127.0.0.1:1', '-'], { env, input: `${order(5)}\n` });
    expect(run.code).toBe(2);
    expect(run.stderr).toMatch(
      /^slawatch: cannot publish to Kafka at 127\.0\.0\.1:1: .+; 0 of 1 published before the error/,
    );
    expect(run.stderr.trim().split('\n')).toHaveLength(1);
  }, 120_000);
});
