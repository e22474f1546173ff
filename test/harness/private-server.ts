import { execFile } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { promisify } from 'node:util';
import { inject } from 'vitest';
import { freePort, freePorts } from './free-port.js';

const run = promisify(execFile);

/**
 * A Redis or Kafka broker of one test's own, on a free port with its own data
 * folder, for tests that stop and restart it: the shared ones stay untouched.
 */
export interface PrivateServer {
  url: string;
  /** Its data folder (Redis: the append-only file's folder is `appendonlydir` in it). */
  dataDirectory: string;
  start(): Promise<void>;
  stop(): Promise<void>;
  /** SIGKILL: a crash with no chance to write anything more (Redis: its pid file is left behind). */
  kill(): Promise<void>;
  /** Stops it if running and removes its data. */
  remove(): Promise<void>;
}

export async function privateRedis(): Promise<PrivateServer> {
  const port = await freePort();
  const data = mkdtempSync(join(tmpdir(), 'slawatch-private-redis-'));
  const script = join(inject('repositoryRoot'), 'infra/redis/redis.sh');
  const server: PrivateServer = {
    url: `redis://127.0.0.1:${port}`,
    dataDirectory: data,
    kill: async () => killByPidFile(join(data, 'redis.pid')),
    start: async () => void (await run('bash', [script, 'start', '--port', String(port), '--data', data])),
    stop: async () => void (await run('bash', [script, 'stop', '--port', String(port), '--data', data])),
    remove: async () => {
      await server.stop().catch(() => undefined);
      rmSync(data, { recursive: true, force: true });
    },
  };
  await server.start();
  return server;
}

export async function privateKafka(): Promise<PrivateServer> {
  const [port, controllerPort] = (await freePorts(2)) as [number, number];
  const data = mkdtempSync(join(tmpdir(), 'slawatch-private-kafka-'));
  const script = join(inject('repositoryRoot'), 'infra/kafka/kafka.sh');
  const ports = ['--port', String(port), '--controller-port', String(controllerPort)];
  const server: PrivateServer = {
    url: `127.0.0.1:${port}`,
    dataDirectory: data,
    kill: async () => killByPidFile(join(data, 'kafka.pid')),
    start: async () =>
      void (await run('bash', [script, 'start', ...ports, '--data', data], { env: process.env })),
    stop: async () => void (await run('bash', [script, 'stop', '--data', data])),
    remove: async () => {
      await server.stop().catch(() => undefined);
      rmSync(data, { recursive: true, force: true });
    },
  };
  await server.start();
  return server;
}

async function killByPidFile(file: string): Promise<void> {
  await killAndWait(Number(readFileSync(file, 'utf8').trim()), file);
}

/** SIGKILL, then waits until the process is gone (signal 0 fails); `what` names it if it survives. */
export async function killAndWait(pid: number, what: string): Promise<void> {
  process.kill(pid, 'SIGKILL');
  for (let i = 0; i < 100; i++) {
    try {
      process.kill(pid, 0);
    } catch {
      return;
    }
    await new Promise((resolve) => setTimeout(resolve, 50));
  }
  throw new Error(`process ${pid} (${what}) survived SIGKILL`);
}
