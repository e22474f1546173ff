import { execFile } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { promisify } from 'node:util';
import { freePorts } from '../test/harness/free-port.js';

const run = promisify(execFile);
export const root = resolve(import.meta.dirname, '..');

export interface LocalInfraOptions {
  /**
   * Kafka's group.initial.rebalance.delay.ms: how long a new group waits for
   * more members before its first assignment (0 by default). Set when several
   * consumers start together and must share the first generation.
   */
  rebalanceDelayMs?: number;
}

/** A private Kafka broker and Redis for one benchmark run, stopped by `stop`. */
export async function startLocalInfra(options: LocalInfraOptions = {}) {
  const data = mkdtempSync(join(tmpdir(), 'slawatch-bench-'));
  const [kafkaPort, controllerPort, redisPort] = (await freePorts(3)) as [number, number, number];
  await Promise.all([
    run('bash', [
      join(root, 'infra/kafka/kafka.sh'),
      'start',
      '--port',
      `${kafkaPort}`,
      '--controller-port',
      `${controllerPort}`,
      '--data',
      join(data, 'kafka'),
      '--heap',
      '1g',
      '--rebalance-delay-ms',
      String(options.rebalanceDelayMs ?? 0),
    ]),
    run('bash', [
      join(root, 'infra/redis/redis.sh'),
      'start',
      '--port',
      `${redisPort}`,
      '--data',
      join(data, 'redis'),
    ]),
  ]);
  const stop = async () => {
    await Promise.allSettled([
      run('bash', [join(root, 'infra/kafka/kafka.sh'), 'stop', '--data', join(data, 'kafka')]),
      run('bash', [
        join(root, 'infra/redis/redis.sh'),
        'stop',
        '--port',
        `${redisPort}`,
        '--data',
        join(data, 'redis'),
      ]),
    ]);
    rmSync(data, { recursive: true, force: true });
  };
  // An interrupted benchmark must not leave its broker and Redis running.
  const interrupted = () => void stop().finally(() => process.exit(130));
  process.once('SIGINT', interrupted);
  process.once('SIGTERM', interrupted);
  return {
    brokers: `127.0.0.1:${kafkaPort}`,
    redisUrl: `redis://127.0.0.1:${redisPort}`,
    async stop() {
      process.off('SIGINT', interrupted);
      process.off('SIGTERM', interrupted);
      await stop();
    },
  };
}

export function percentile(sorted: number[], p: number): number {
  if (sorted.length === 0) return Number.NaN;
  return sorted[Math.min(sorted.length - 1, Math.floor((p / 100) * sorted.length))]!;
}
