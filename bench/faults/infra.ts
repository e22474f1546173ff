import { execFile } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { promisify } from 'node:util';
import { freePort } from '../../test/harness/free-port.js';
import { root } from '../local-infra.js';

const run = promisify(execFile);
const kafkaScript = join(root, 'infra/kafka/kafka.sh');
const redisScript = join(root, 'infra/redis/redis.sh');

/**
 * The fault suite's own broker and Redis, with the controls a fault needs:
 * the broker stopped and started again, Redis killed with SIGKILL and
 * restarted on the same data folder (append-only file, fsync every second,
 * as infra/redis/redis.sh configures it).
 */
export interface FaultInfra {
  brokers: string;
  redisUrl: string;
  stopBroker(): Promise<void>;
  startBroker(): Promise<void>;
  /** SIGKILL: no shutdown, no final fsync; up to a second of writes may be lost. */
  killRedis(): Promise<void>;
  startRedis(): Promise<void>;
  stop(): Promise<void>;
}

export async function startFaultInfra(): Promise<FaultInfra> {
  const data = mkdtempSync(join(tmpdir(), 'slawatch-faults-'));
  const [kafkaPort, controllerPort, redisPort] = [await freePort(), await freePort(), await freePort()];
  const kafkaArgs = [
    '--port',
    String(kafkaPort),
    '--controller-port',
    String(controllerPort),
    '--data',
    join(data, 'kafka'),
    '--heap',
    '1g',
  ];
  const redisArgs = ['--port', String(redisPort), '--data', join(data, 'redis')];
  const startBroker = async () => void (await run('bash', [kafkaScript, 'start', ...kafkaArgs]));
  const startRedis = async () => void (await run('bash', [redisScript, 'start', ...redisArgs]));
  await Promise.all([startBroker(), startRedis()]);
  const stopAll = async () => {
    await Promise.allSettled([
      run('bash', [kafkaScript, 'stop', '--data', join(data, 'kafka')]),
      run('bash', [redisScript, 'stop', ...redisArgs]),
    ]);
    rmSync(data, { recursive: true, force: true });
  };
  // An interrupted suite must not leave its broker and Redis running.
  const interrupted = () => void stopAll().finally(() => process.exit(130));
  process.once('SIGINT', interrupted);
  process.once('SIGTERM', interrupted);
  return {
    brokers: `127.0.0.1:${kafkaPort}`,
    redisUrl: `redis://127.0.0.1:${redisPort}`,
    stopBroker: async () => void (await run('bash', [kafkaScript, 'stop', '--data', join(data, 'kafka')])),
    startBroker,
    async killRedis() {
      const pid = Number(readFileSync(join(data, 'redis/redis.pid'), 'utf8').trim());
      process.kill(pid, 'SIGKILL');
      while (isAlive(pid)) await new Promise((resolve) => setTimeout(resolve, 20));
    },
    startRedis,
    async stop() {
      process.off('SIGINT', interrupted);
      process.off('SIGTERM', interrupted);
      await stopAll();
    },
  };
}

function isAlive(pid: number): boolean {
  try {
    process.kill(pid, 0);
    return true;
  } catch {
    return false;
  }
}
