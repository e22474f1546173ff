import { execFile } from 'node:child_process';
import { mkdtempSync, readdirSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { promisify } from 'node:util';
import type { TestProject } from 'vitest/node';
import { freePorts } from './free-port.js';

const run = promisify(execFile);
const root = resolve(import.meta.dirname, '../..');

declare module 'vitest' {
  export interface ProvidedContext {
    kafkaBrokers: string;
    redisUrl: string;
    repositoryRoot: string;
    /** The run's own folder: tests that start servers of their own (a Redis Cluster) keep their data here. */
    harnessDataDirectory: string;
  }
}

/**
 * Starts one real Kafka broker and one real Redis, each on a free port with
 * its own data folder, for the whole integration run. Tests isolate
 * themselves with unique topic names, group ids and key prefixes
 * (harness/isolation.ts), so they can run in parallel on one broker.
 */
export default async function setup(project: TestProject) {
  const data = mkdtempSync(join(tmpdir(), 'slawatch-test-'));
  const [kafkaPort, controllerPort, redisPort] = (await freePorts(3)) as [number, number, number];
  const kafkaData = join(data, 'kafka');
  const redisData = join(data, 'redis');
  const started = Date.now();
  await Promise.all([
    run(
      'bash',
      [
        join(root, 'infra/kafka/kafka.sh'),
        'start',
        '--port',
        String(kafkaPort),
        '--controller-port',
        String(controllerPort),
        '--data',
        kafkaData,
      ],
      { env: process.env },
    ),
    run(
      'bash',
      [join(root, 'infra/redis/redis.sh'), 'start', '--port', String(redisPort), '--data', redisData],
      { env: process.env },
    ),
  ]);
  console.log(
    `[harness] Kafka on 127.0.0.1:${kafkaPort} and Redis on 127.0.0.1:${redisPort} ready in ${Date.now() - started} ms`,
  );

  project.provide('kafkaBrokers', `127.0.0.1:${kafkaPort}`);
  project.provide('redisUrl', `redis://127.0.0.1:${redisPort}`);
  project.provide('repositoryRoot', root);
  project.provide('harnessDataDirectory', data);

  return async () => {
    await Promise.allSettled([
      run('bash', [join(root, 'infra/kafka/kafka.sh'), 'stop', '--data', kafkaData]),
      run('bash', [
        join(root, 'infra/redis/redis.sh'),
        'stop',
        '--port',
        String(redisPort),
        '--data',
        redisData,
      ]),
      // A Redis Cluster a test file started (harness/redis-cluster.ts) and left running.
      ...readdirSync(data)
        .filter((name) => name.startsWith('redis-cluster-'))
        .map((name) =>
          run('bash', [join(root, 'infra/redis/redis.sh'), 'cluster-stop', '--data', join(data, name)]),
        ),
    ]);
    rmSync(data, { recursive: true, force: true });
  };
}
