import { execFile } from 'node:child_process';
import { mkdtempSync, readdirSync, readFileSync, rmSync, statSync, truncateSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { promisify } from 'node:util';
import { freePorts } from '../../test/harness/free-port.js';
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
  /**
   * SIGKILL: no shutdown. What Redis wrote is in the kernel's page cache and
   * survives; `loseLastMs` also cuts what it appended to its AOF in that
   * last stretch, as a power loss would with fsync every second.
   */
  killRedis(options?: { loseLastMs?: number }): Promise<void>;
  startRedis(): Promise<void>;
  stop(): Promise<void>;
}

export async function startFaultInfra(): Promise<FaultInfra> {
  const data = mkdtempSync(join(tmpdir(), 'slawatch-faults-'));
  const [kafkaPort, controllerPort, redisPort] = (await freePorts(3)) as [number, number, number];
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
  const aof = watchAppendOnlyFile(join(data, 'redis/appendonlydir'));
  const stopAll = async () => {
    aof.stop();
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
    async killRedis(options = {}) {
      const pid = Number(readFileSync(join(data, 'redis/redis.pid'), 'utf8').trim());
      process.kill(pid, 'SIGKILL');
      const killedAtMs = Date.now();
      while (isAlive(pid)) await new Promise((resolve) => setTimeout(resolve, 20));
      if (options.loseLastMs) aof.cutBackTo(killedAtMs - options.loseLastMs);
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

/**
 * The size of Redis's newest incremental AOF every 100 ms, so that a power
 * loss can be simulated: the file cut back to its size at an earlier
 * moment (Redis loads a truncated tail, `aof-load-truncated yes`).
 */
function watchAppendOnlyFile(folder: string) {
  const sizes: Array<{ atMs: number; file: string; bytes: number }> = [];
  const newest = () =>
    readdirSync(folder)
      .filter((name) => name.endsWith('.incr.aof'))
      .sort((a, b) => Number(a.split('.')[2]) - Number(b.split('.')[2]))
      .at(-1);
  const timer = setInterval(() => {
    try {
      const file = newest();
      if (file) sizes.push({ atMs: Date.now(), file, bytes: statSync(join(folder, file)).size });
      if (sizes.length > 600) sizes.splice(0, sizes.length - 600);
    } catch {
      // Between a rewrite's rename and the next look: the next tick sees it.
    }
  }, 100);
  timer.unref();
  return {
    cutBackTo(atMs: number) {
      const file = newest();
      const then = sizes.findLast((size) => size.atMs <= atMs && size.file === file);
      if (!file || !then) return console.error('  no AOF size recorded early enough: nothing cut');
      const path = join(folder, file);
      const before = statSync(path).size;
      truncateSync(path, then.bytes);
      console.error(`  cut ${file} from ${before} to ${then.bytes} bytes: the last second's writes`);
    },
    stop: () => clearInterval(timer),
  };
}
