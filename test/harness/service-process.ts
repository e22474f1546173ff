import { type ChildProcess, spawn } from 'node:child_process';
import { join } from 'node:path';
import { inject } from 'vitest';
import { freePort } from './free-port.js';
import { serviceEnvironment } from './isolation.js';

export interface ServiceProcess {
  port: number;
  url: string;
  child: ChildProcess;
  output: string[];
  /** SIGTERM and wait for exit: the graceful path. */
  stop(): Promise<number | null>;
  /** SIGKILL: a crash with no chance to finish or commit anything. */
  kill(): Promise<void>;
}

/**
 * Starts a slawatch service as a real child process (`services/<name>/src/main.ts`)
 * against the harness's broker and Redis, and resolves once /readyz says ready.
 */
export async function startService(
  name: string,
  env: Record<string, string>,
  options: { readyTimeoutMs?: number; waitUntilReady?: boolean } = {},
): Promise<ServiceProcess> {
  const root = inject('repositoryRoot');
  const port = await freePort();
  const child = spawn(
    process.execPath,
    ['--conditions=source', '--import', 'tsx', join(root, `services/${name}/src/main.ts`)],
    {
      cwd: root,
      env: serviceEnvironment({ HTTP_PORT: String(port), LOG_LEVEL: 'info', ...env }),
      stdio: ['ignore', 'pipe', 'pipe'],
    },
  );
  const output: string[] = [];
  child.stdout?.on('data', (chunk) => output.push(String(chunk)));
  child.stderr?.on('data', (chunk) => output.push(String(chunk)));
  const exited = new Promise<number | null>((resolve) => child.on('exit', (code) => resolve(code)));
  const url = `http://127.0.0.1:${port}`;
  const service: ServiceProcess = {
    port,
    url,
    child,
    output,
    async stop() {
      if (child.exitCode !== null || child.signalCode !== null) return child.exitCode;
      child.kill('SIGTERM');
      return exited;
    },
    async kill() {
      if (child.exitCode !== null || child.signalCode !== null) return;
      child.kill('SIGKILL');
      await exited;
    },
  };
  if (options.waitUntilReady === false) return service;
  const deadline = Date.now() + (options.readyTimeoutMs ?? 60_000);
  for (;;) {
    if (child.exitCode !== null) {
      throw new Error(`${name} exited with ${child.exitCode} before it was ready:\n${output.join('')}`);
    }
    const ready = await fetch(`${url}/readyz`).then(
      (r) => r.ok,
      () => false,
    );
    if (ready) return service;
    if (Date.now() > deadline) {
      await service.kill();
      throw new Error(`${name} was not ready within the time limit:\n${output.join('').slice(-4000)}`);
    }
    await new Promise((resolve) => setTimeout(resolve, 200));
  }
}

/** Exit code and output of a service that is expected to refuse to start. */
export async function runUntilExit(
  name: string,
  env: Record<string, string>,
): Promise<{ code: number | null; output: string }> {
  const service = await startService(name, env, { waitUntilReady: false });
  const code = await new Promise<number | null>((resolve) => {
    if (service.child.exitCode !== null) resolve(service.child.exitCode);
    service.child.on('exit', (c) => resolve(c));
    setTimeout(() => {
      void service.kill();
      resolve(null);
    }, 30_000);
  });
  return { code, output: service.output.join('') };
}
