/**
 * The Kafka clients side by side: kafkajs (behind packages/kafka today),
 * @platformatic/kafka and @confluentinc/kafka-javascript, each reading the
 * same topics in the same run with a no-op consumer in a process of its own:
 * events per second and CPU per event. The two others are not dependencies
 * of the project: they are installed for this benchmark only, with npm, into
 * the cache (SLAWATCH_CACHE), and a client that does not install is reported
 * with why. The monitor's own CPU per event (bash scripts/bench.sh ingestion)
 * is the other half of the decision: a client can only save its own share.
 *
 * Run through bench/main.ts.
 */
import { execFile, fork } from 'node:child_process';
import { mkdirSync, writeFileSync } from 'node:fs';
import { homedir } from 'node:os';
import { join } from 'node:path';
import { promisify } from 'node:util';
import { createLogger } from '@slawatch/logger';
import type { Benchmark, Figures } from './benchmark.js';
import { root, startLocalInfra } from './local-infra.js';
import { publishShipments } from './published-shipments.js';

const run = promisify(execFile);

/** Versions that support Node 20, which the project runs on (@platformatic/kafka 2.x needs Node 22). */
const PACKAGES: Record<string, string> = {
  platformatic: '@platformatic/kafka@1.35.0',
  confluent: '@confluentinc/kafka-javascript@1.10.1',
};

function clientDirectory(): string {
  const cache =
    process.env['SLAWATCH_CACHE'] ??
    join(process.env['XDG_CACHE_HOME'] ?? join(homedir(), '.cache'), 'slawatch');
  const directory = join(cache, 'bench-clients');
  mkdirSync(directory, { recursive: true });
  writeFileSync(join(directory, 'package.json'), '{ "private": true }\n');
  return directory;
}

/** Installs one client with npm; the reason it failed (the last lines npm printed), or undefined. */
async function install(directory: string, spec: string): Promise<string | undefined> {
  try {
    await run('npm', ['install', '--no-audit', '--no-fund', '--prefix', directory, spec], {
      maxBuffer: 64 * 1024 * 1024,
      timeout: 20 * 60_000,
    });
    return undefined;
  } catch (error) {
    const output = `${(error as { stderr?: string }).stderr ?? ''}`;
    // What failed, without the configure script's optional probes or terminal colours.
    const lines = output
      // biome-ignore lint/suspicious/noControlCharactersInRegex: the escape character of terminal colours
      .replace(/\x1b\[[0-9;]*m|\^\[\(B/g, '')
      .split('\n')
      .filter((line) => /ERROR:|ENOTFOUND|No rule to make/.test(line))
      .map((line) => line.replace(/^npm error\s*(\[\w+\]\s*)?/, '').replace(/\/[^\s]*node_modules\//g, ''));
    return [...new Set(lines)].slice(0, 8).join(' | ') || (error as Error).message;
  }
}

interface ClientRun {
  events: number;
  cpuMicros: number;
  seconds: number;
}

function readAll(options: {
  client: string;
  directory: string;
  brokers: string;
  topics: string[];
  events: number;
}) {
  return new Promise<ClientRun>((resolve, reject) => {
    const child = fork(join(root, 'bench/noop-consumer-child.ts'), [], {
      cwd: root,
      env: {
        ...process.env,
        BENCH_CLIENT: options.client,
        BENCH_CLIENT_DIR: options.directory,
        KAFKA_BROKERS: options.brokers,
        BENCH_TOPICS: options.topics.join(','),
        BENCH_EVENTS: String(options.events),
      },
      execArgv: ['--conditions=source', '--import', 'tsx'],
      stdio: ['ignore', 'ignore', 'inherit', 'ipc'],
    });
    const timer = setTimeout(() => child.kill(), 5 * 60_000);
    child.on('message', (message: ClientRun | { error: string }) => {
      clearTimeout(timer);
      if ('error' in message) reject(new Error(message.error));
      else resolve(message);
    });
    child.on('exit', (code) => {
      clearTimeout(timer);
      reject(new Error(`${options.client} no-op consumer exited with ${code}`));
    });
  });
}

export async function clientsBenchmark(shipments: number): Promise<Figures> {
  const logger = createLogger({ name: 'bench', level: 'warn', format: 'json' });
  const directory = clientDirectory();
  const failures: Record<string, string> = {};
  for (const [client, spec] of Object.entries(PACKAGES)) {
    console.error(`installing ${spec} for this benchmark`);
    const failure = await install(directory, spec);
    if (failure) failures[client] = failure;
  }
  const infra = await startLocalInfra();
  try {
    const { topics, events } = await publishShipments({
      brokers: infra.brokers,
      partitions: 6,
      shipments,
      logger,
    });
    const rows: Record<string, unknown>[] = [];
    for (const client of ['kafkajs', ...Object.keys(PACKAGES)]) {
      const version = client === 'kafkajs' ? 'kafkajs@2.2.4' : PACKAGES[client]!;
      if (failures[client]) {
        rows.push({ client: version, installed: false, why: failures[client] });
        continue;
      }
      try {
        const read = await readAll({ client, directory, brokers: infra.brokers, topics, events });
        rows.push({
          client: version,
          eventsPerSecond: Math.round(read.events / read.seconds),
          cpuMicrosPerEvent: Number((read.cpuMicros / read.events).toFixed(2)),
        });
      } catch (error) {
        rows.push({ client: version, failed: (error as Error).message });
      }
    }
    const kafkajs = rows[0] as { eventsPerSecond: number; cpuMicrosPerEvent: number };
    for (const row of rows.slice(1)) {
      const rate = row['eventsPerSecond'];
      if (typeof rate !== 'number') continue;
      row['rateVersusKafkajs'] = Number((rate / kafkajs.eventsPerSecond).toFixed(2));
      row['cpuVersusKafkajs'] = Number(
        ((row['cpuMicrosPerEvent'] as number) / kafkajs.cpuMicrosPerEvent).toFixed(2),
      );
    }
    return { shipments, events, clients: rows };
  } finally {
    await infra.stop();
  }
}

export const benchmark: Benchmark = {
  name: 'clients',
  description:
    'No-op consumers of kafkajs, @platformatic/kafka and @confluentinc/kafka-javascript on the same topics',
  run: ({ quick }) => clientsBenchmark(quick ? 5_000 : 25_000),
  table: (figures) => {
    const rows = figures['clients'] as Record<string, unknown>[];
    const cell = (value: unknown) => (value === undefined ? '' : String(value).replaceAll('|', '\\|'));
    return [
      '| client | events/s | CPU µs/event | rate ÷ kafkajs | CPU ÷ kafkajs | note |',
      '|---|---:|---:|---:|---:|---|',
      ...rows.map(
        (r) =>
          `| ${cell(r['client'])} | ${cell(r['eventsPerSecond'])} | ${cell(r['cpuMicrosPerEvent'])} | ${cell(r['rateVersusKafkajs'])} | ${cell(r['cpuVersusKafkajs'])} | ${cell(r['why'] ?? r['failed'])} |`,
      ),
    ].join('\n');
  },
};
