import { execFile } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { promisify } from 'node:util';
import { inject } from 'vitest';
import { freePort } from './free-port.js';

const run = promisify(execFile);

/**
 * A Redis or Kafka broker of one test's own, on a free port with its own data
 * folder, for tests that stop and restart it: the shared ones stay untouched.
 */
export interface PrivateServer {
  url: string;
  start(): Promise<void>;
  stop(): Promise<void>;
  /** Stops it if running and removes its data. */
  remove(): Promise<void>;
}

export async function privateRedis(): Promise<PrivateServer> {
  const port = await freePort();
  const data = mkdtempSync(join(tmpdir(), 'slawatch-private-redis-'));
  const script = join(inject('repositoryRoot'), 'infra/redis/redis.sh');
  const server: PrivateServer = {
    url: `redis://127.0.0.1:${port}`,
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
  const [port, controllerPort] = [await freePort(), await freePort()];
  const data = mkdtempSync(join(tmpdir(), 'slawatch-private-kafka-'));
  const script = join(inject('repositoryRoot'), 'infra/kafka/kafka.sh');
  const ports = ['--port', String(port), '--controller-port', String(controllerPort)];
  const server: PrivateServer = {
    url: `127.0.0.1:${port}`,
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
