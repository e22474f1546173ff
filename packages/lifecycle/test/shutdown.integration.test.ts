import { type ChildProcess, spawn } from 'node:child_process';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { freePort } from '../../../test/harness/free-port.js';

const fixture = join(import.meta.dirname, 'fixtures/draining-service.ts');
const repositoryRoot = join(import.meta.dirname, '../../..');

interface Fixture {
  child: ChildProcess;
  url: string;
  /** Everything it wrote so far, standard output and error. */
  output(): string;
  /** Messages logged so far, in order. */
  messages(): string[];
  exited: Promise<number | null>;
}

const started: ChildProcess[] = [];
afterEach(() => {
  for (const child of started.splice(0)) if (child.exitCode === null) child.kill('SIGKILL');
});

/** Starts the fixture service as a real process, as a service's main runs under an orchestrator. */
async function startFixture(env: Record<string, string>): Promise<Fixture> {
  const port = await freePort();
  const child = spawn(process.execPath, ['--conditions=source', '--import', 'tsx', fixture], {
    cwd: repositoryRoot,
    env: { PATH: process.env['PATH'] ?? '', HTTP_PORT: String(port), LOG_FORMAT: 'json', ...env },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  started.push(child);
  let output = '';
  child.stdout?.on('data', (chunk) => {
    output += String(chunk);
  });
  child.stderr?.on('data', (chunk) => {
    output += String(chunk);
  });
  const exited = new Promise<number | null>((resolve) => child.on('exit', (code) => resolve(code)));
  const messages = () =>
    output
      .split('\n')
      .filter((line) => line.startsWith('{'))
      .map((line) => (JSON.parse(line) as { msg: string }).msg);
  return { child, url: `http://127.0.0.1:${port}`, output: () => output, messages, exited };
}

async function until<T>(what: string, probe: () => Promise<T | undefined> | T | undefined): Promise<T> {
  const deadline = Date.now() + 30_000;
  for (;;) {
    const value = await probe();
    if (value !== undefined) return value;
    if (Date.now() > deadline) throw new Error(`timed out waiting for ${what}`);
    await new Promise((resolve) => setTimeout(resolve, 50));
  }
}

const statusOf = (url: string) =>
  fetch(url).then(
    (response) => response.status,
    () => undefined,
  );

async function startWork(service: Fixture): Promise<void> {
  await until('ready', async () => ((await statusOf(`${service.url}/readyz`)) === 200 ? true : undefined));
  expect((await fetch(`${service.url}/work`, { method: 'POST' })).status).toBe(202);
  await until('work started', () => (service.messages().includes('work started') ? true : undefined));
}

describe('a service process', () => {
  it('is alive on /healthz while starting, and ready on /readyz only once started', async () => {
    const service = await startFixture({ START_MS: '2000' });
    await until('/healthz', () => statusOf(`${service.url}/healthz`));
    expect(await statusOf(`${service.url}/healthz`)).toBe(200);
    const whileStarting = await fetch(`${service.url}/readyz`);
    expect(whileStarting.status).toBe(503);
    expect(await whileStarting.json()).toEqual({ status: 'not ready', checks: { started: false } });
    await until('ready', async () => ((await statusOf(`${service.url}/readyz`)) === 200 ? true : undefined));
    // The log line follows start() resolving, so it may reach us just after /readyz says ready.
    await until('started logged', () =>
      service.messages().includes('draining-fixture started') ? true : undefined,
    );
    service.child.kill('SIGTERM');
    expect(await service.exited).toBe(0);
  });

  it('on SIGTERM finishes the work in hand before it exits, with status 0', async () => {
    const service = await startFixture({ WORK_MS: '2000' });
    await startWork(service);
    service.child.kill('SIGTERM');
    expect(await service.exited).toBe(0);
    // The order of the log lines proves the drain; a clock on a loaded machine would not.
    const messages = service.messages();
    expect(messages).toContain('work finished');
    expect(messages.indexOf('shutting down')).toBeLessThan(messages.indexOf('work finished'));
    // The work finished after the signal and before the process exited (it logged on the way out);
    // pino's asynchronous writes do not promise the order of the last two lines against each other.
    expect(messages).toContain('stopped cleanly');
  });

  it('on a second signal while draining exits at once, leaving the work unfinished', async () => {
    const service = await startFixture({ WORK_MS: '60000' });
    await startWork(service);
    service.child.kill('SIGTERM');
    await until('shutting down', () => (service.messages().includes('shutting down') ? true : undefined));
    const signalled = Date.now();
    service.child.kill('SIGINT');
    expect(await service.exited).toBe(1);
    expect(Date.now() - signalled).toBeLessThan(5000);
    expect(service.messages()).not.toContain('work finished');
    expect(service.messages()).not.toContain('stopped cleanly');
  });

  it('exits with status 2 and names the variable when the configuration is wrong', async () => {
    const service = await startFixture({ HTTP_PORT: 'eighty' });
    expect(await service.exited).toBe(2);
    expect(service.output()).toMatch(/^draining-fixture: invalid configuration:\n\s+HTTP_PORT="eighty"/);
    // Refused before anything started: nothing was logged.
    expect(service.messages()).toEqual([]);
  });
});
