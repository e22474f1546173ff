import { type ChildProcess, spawn } from 'node:child_process';
import { appendFileSync, mkdirSync } from 'node:fs';
import { join } from 'node:path';
import { freePort } from '../../test/harness/free-port.js';
import { root } from '../local-infra.js';

/** How one process of a service ended, when the suite did not end it itself. */
export interface UnexpectedExit {
  service: string;
  code: number | null;
  signal: string | null;
  atMs: number;
  lastOutput: string;
}

export interface SupervisedOptions {
  /** `monitor` or `escalation`: runs `services/<service>/src/main.ts`. */
  service: string;
  /** A name in the figures: `monitor-1`. */
  name: string;
  env: Record<string, string>;
  /** Restart delay after an unexpected exit or a kill, as a supervisor's (systemd RestartSec). */
  restartDelayMs: number;
  onUnexpectedExit: (exit: UnexpectedExit) => void;
  /** More Node flags for the process, e.g. `--cpu-prof` (the profile is written when it exits). */
  nodeFlags?: string[];
}

const OUTPUT_KEPT = 200;

/** Every service process started and not yet exited: an interrupted suite leaves none behind. */
const living = new Set<ChildProcess>();
process.once('exit', () => {
  for (const child of living) child.kill('SIGKILL');
});

/**
 * A service run as a real child process, the suite acting as its supervisor:
 * a process that exits by itself is recorded and started again; one the
 * suite killed is started again only when asked. It follows the process's
 * JSON log for the partitions it was last assigned.
 */
export class SupervisedService {
  readonly url: string;
  private child: ChildProcess | undefined;
  private killedBySuite = false;
  private retired = false;
  private assignment: Record<string, number[]> | undefined;
  private assignedAtMs: number | undefined;
  private readonly output: string[] = [];
  private restartTimer: NodeJS.Timeout | undefined;

  private constructor(
    private readonly options: SupervisedOptions,
    readonly port: number,
  ) {
    this.url = `http://127.0.0.1:${port}`;
  }

  static async start(options: SupervisedOptions): Promise<SupervisedService> {
    const service = new SupervisedService(options, await freePort());
    service.spawn();
    return service;
  }

  get name(): string {
    return this.options.name;
  }

  isRunning(): boolean {
    return this.child !== undefined && this.child.exitCode === null && this.child.signalCode === null;
  }

  /** The input partitions it last logged as assigned; undefined until it joined since its last start. */
  currentAssignment(): { partitions: Record<string, number[]>; sinceMs: number } | undefined {
    if (this.assignment === undefined || this.assignedAtMs === undefined) return undefined;
    return { partitions: this.assignment, sinceMs: this.assignedAtMs };
  }

  /** User plus system CPU the process has used, in seconds, from its own /metrics (Node's default metrics). */
  async cpuSeconds(): Promise<number> {
    const [value] = await this.metricValues('process_cpu_seconds_total');
    if (value === undefined) throw new Error(`${this.name} has no process_cpu_seconds_total in /metrics`);
    return value;
  }

  /** Every sample of one metric on the process's /metrics, whatever its labels. */
  async metricValues(metric: string): Promise<number[]> {
    const text = await (await fetch(`${this.url}/metrics`, { signal: AbortSignal.timeout(5000) })).text();
    return text
      .split('\n')
      .filter((line) => line.startsWith(`${metric}{`) || line.startsWith(`${metric} `))
      .map((line) => Number(line.split(' ').at(-1)));
  }

  lastOutput(): string {
    return this.output.join('').slice(-4000);
  }

  /** SIGKILL: a crash with no chance to finish a batch or commit anything. */
  async kill({ restart }: { restart: boolean }): Promise<void> {
    const child = this.child;
    if (!child || !this.isRunning()) return;
    this.killedBySuite = true;
    const exited = new Promise((resolve) => child.once('exit', resolve));
    child.kill('SIGKILL');
    await exited;
    if (restart) this.scheduleRestart();
    else this.retired = true;
  }

  /** SIGTERM, no restart: the end of the run. */
  async stop(): Promise<void> {
    this.retired = true;
    clearTimeout(this.restartTimer);
    const child = this.child;
    if (!child || !this.isRunning()) return;
    const exited = new Promise((resolve) => child.once('exit', resolve));
    child.kill('SIGTERM');
    const timeout = setTimeout(() => child.kill('SIGKILL'), 15_000);
    await exited;
    clearTimeout(timeout);
  }

  /** Resolves once /readyz says ready; throws after `timeoutMs`. */
  async waitUntilReady(timeoutMs = 90_000): Promise<void> {
    const deadline = Date.now() + timeoutMs;
    while (Date.now() < deadline) {
      const ready = await fetch(`${this.url}/readyz`, { signal: AbortSignal.timeout(1500) }).then(
        (response) => response.ok,
        () => false,
      );
      if (ready) return;
      await new Promise((resolve) => setTimeout(resolve, 250));
    }
    throw new Error(`${this.name} was not ready within ${timeoutMs} ms:\n${this.lastOutput()}`);
  }

  private spawn(): void {
    this.killedBySuite = false;
    this.assignment = undefined;
    this.assignedAtMs = undefined;
    const child = spawn(
      process.execPath,
      [
        '--conditions=source',
        '--import',
        'tsx',
        ...(this.options.nodeFlags ?? []),
        join(root, `services/${this.options.service}/src/main.ts`),
      ],
      {
        cwd: root,
        env: {
          PATH: process.env['PATH'] ?? '',
          HOME: process.env['HOME'] ?? '',
          HTTP_PORT: String(this.port),
          LOG_LEVEL: 'info',
          LOG_FORMAT: 'json',
          ...this.options.env,
        },
        stdio: ['ignore', 'pipe', 'pipe'],
      },
    );
    this.child = child;
    living.add(child);
    let partial = '';
    const follow = (chunk: Buffer) => {
      const text = partial + String(chunk);
      const lines = text.split('\n');
      partial = lines.pop() ?? '';
      for (const line of lines) this.read(line);
    };
    child.stdout?.on('data', follow);
    child.stderr?.on('data', (chunk: Buffer) => this.keep(String(chunk)));
    child.on('exit', (code, signal) => {
      living.delete(child);
      if (this.killedBySuite || this.retired) return;
      this.options.onUnexpectedExit({
        service: this.options.name,
        code,
        signal,
        atMs: Date.now(),
        lastOutput: this.lastOutput(),
      });
      this.scheduleRestart();
    });
  }

  private scheduleRestart(): void {
    if (this.retired) return;
    this.restartTimer = setTimeout(() => this.spawn(), this.options.restartDelayMs);
  }

  private read(line: string): void {
    this.keep(`${line}\n`);
    // Partitions paused until their stored positions were read (after Redis came back) start
    // consuming from here, as at an assignment: they get the same grace from this moment.
    if (line.includes('partitions positioned from the store') && this.assignment !== undefined) {
      this.assignedAtMs = Date.now();
      return;
    }
    if (!line.includes('partitions assigned')) return;
    try {
      this.assignment = (JSON.parse(line) as { assignment: Record<string, number[]> }).assignment;
      this.assignedAtMs = Date.now();
    } catch {
      // Not a JSON log line: nothing to follow.
    }
  }

  private keep(text: string): void {
    // FAULT_LOG_DIR keeps every line of every service process, for looking into a figure.
    const folder = process.env['FAULT_LOG_DIR'];
    if (folder) {
      mkdirSync(folder, { recursive: true });
      appendFileSync(join(folder, `${this.options.name}.log`), text);
    }
    this.output.push(text);
    if (this.output.length > OUTPUT_KEPT) this.output.splice(0, this.output.length - OUTPUT_KEPT);
  }
}

/**
 * A service as its own process for a benchmark, ready (consumer joined), as
 * deployed: the benchmark's publisher and receiver are not in it. A process
 * that dies fails the run. BENCH_PROFILE_DIR=dir writes a V8 CPU profile of it.
 */
export async function startBenchService(
  service: string,
  env: Record<string, string>,
): Promise<SupervisedService> {
  const profileDirectory = process.env['BENCH_PROFILE_DIR'];
  const started = await SupervisedService.start({
    service,
    name: service,
    env,
    restartDelayMs: 1000,
    nodeFlags: profileDirectory ? ['--cpu-prof', `--cpu-prof-dir=${profileDirectory}`] : [],
    onUnexpectedExit: (exit) => {
      console.error(`${service} exited by itself (code ${exit.code}):\n${exit.lastOutput}`);
      process.exit(1);
    },
  });
  await started.waitUntilReady();
  return started;
}
