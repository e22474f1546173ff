/**
 * A monitor in a child process (bench/monitor-child.ts), so that its CPU is
 * its own: the benchmark's producer, no-op consumers and polling are not in
 * it. The child samples its events handled and `process.cpuUsage()` every
 * 10 ms; the CPU of a run is taken from the last sample before the first
 * event to the sample that completed the run. `pause` ends a run without
 * ending the process, so that the next runs on compiled code (see
 * bench/monitor-child.ts). BENCH_NODE_FLAGS passes more
 * Node flags to the child (e.g. `--max-semi-space-size=64`, to try GC settings).
 */
import { type ChildProcess, fork } from 'node:child_process';
import { join } from 'node:path';
import { type Environment, loadEnvironment } from '@slawatch/config';
import { root } from './local-infra.js';

export interface MonitorSample {
  /** Which of the child's monitors took it: each start begins a new one. */
  generation: number;
  /** Events handled so far (accepted, duplicate and refused). */
  processed: number;
  /** User plus system CPU of the process so far, in microseconds. */
  cpuMicros: number;
  /**
   * Of which the main thread's (Linux's per-thread counters, 10 ms ticks;
   * undefined elsewhere): the rest is V8's helper threads, mostly the collector's.
   */
  mainThreadCpuMicros: number | undefined;
  /** How long the main thread waited for a core so far, in microseconds (Linux's schedstat; undefined elsewhere). */
  mainThreadWaitingMicros: number | undefined;
  /** The main thread's garbage-collection pauses so far, in microseconds. */
  gcPauseMicros: number;
  atMs: number;
}

export type ChildMessage =
  | { type: 'ready' }
  | ({ type: 'sample' } & MonitorSample)
  | ({ type: 'final' | 'paused'; batches: number; batchSeconds: number } & MonitorSample);

export type ParentMessage =
  | { type: 'start' }
  | { type: 'pause'; env?: Record<string, string> }
  | { type: 'finish' };

export interface MonitorRun {
  /** Events handled between the two samples. */
  events: number;
  cpuMicros: number;
  mainThreadCpuMicros: number | undefined;
  mainThreadWaitingMicros: number | undefined;
  gcPauseMicros: number;
  seconds: number;
  batches: number;
  batchSeconds: number;
  /** Wall-clock times (epoch ms) of the idle sample and the final one. */
  startAtMs: number;
  endAtMs: number;
}

export interface MonitorProcessOptions {
  /** The monitor's environment variables (KAFKA_BROKERS, REDIS_URL, …). */
  env: Record<string, string>;
  /** Writes a V8 CPU profile of the child here (`--cpu-prof`) when set. */
  profileDirectory?: string | undefined;
}

export class MonitorProcess {
  private readonly child: ChildProcess;
  /** What the child's first monitor is configured from: this process's environment with the options' over it. */
  private readonly childEnv: Record<string, string | undefined>;
  /** The last sample before any event was handled: where the run's CPU is counted from. */
  private idle: MonitorSample | undefined;
  private latestSample: MonitorSample | undefined;
  private readonly listeners = new Set<() => void>();
  private readonly ready: Promise<void>;
  /** The generation of the run under way: samples of an earlier one are ignored. */
  private generation = 0;

  constructor(options: MonitorProcessOptions) {
    const profile = options.profileDirectory
      ? ['--cpu-prof', `--cpu-prof-dir=${options.profileDirectory}`]
      : [];
    this.childEnv = { ...process.env, ...options.env };
    this.child = fork(join(root, 'bench/monitor-child.ts'), [], {
      cwd: root,
      env: this.childEnv,
      execArgv: [
        '--conditions=source',
        '--import',
        'tsx',
        ...(process.env['BENCH_NODE_FLAGS'] ?? '').split(' ').filter(Boolean),
        ...profile,
      ],
      stdio: ['ignore', 'ignore', 'inherit', 'ipc'],
    });
    this.ready = new Promise((resolve, reject) => {
      this.child.once('exit', (code) => reject(new Error(`bench monitor exited with ${code}`)));
      this.child.on('message', (message: ChildMessage) => {
        if (message.type === 'ready') resolve();
        if (message.type !== 'sample' || message.generation !== this.generation) return;
        if (message.processed === 0 || this.idle === undefined) this.idle = message;
        this.latestSample = message;
        for (const listener of this.listeners) listener();
      });
    });
  }

  /** The settings the child's first monitor runs with, as the child reads them. */
  settings(): Environment {
    return loadEnvironment(this.childEnv);
  }

  /** Resolves once the child has built its monitor (not yet consuming). */
  whenReady(): Promise<void> {
    return this.ready;
  }

  start(): void {
    this.generation++;
    this.idle = undefined;
    this.latestSample = undefined;
    this.child.send({ type: 'start' } satisfies ParentMessage);
  }

  /** Events handled so far, as of the latest sample. */
  processed(): number {
    return this.latestSample?.processed ?? 0;
  }

  /** Called on every sample (every 10 ms); returns a function that stops the calls. */
  onSample(listener: () => void): () => void {
    this.listeners.add(listener);
    return () => this.listeners.delete(listener);
  }

  /**
   * Ends the run: takes a last sample, stops the monitor (the process stays,
   * warm) and returns the run. The next monitor is built from the same
   * environment, with `env` over it.
   */
  async pause(env?: Record<string, string>): Promise<MonitorRun> {
    return this.runUntil(await this.last({ type: 'pause', env }));
  }

  /** Takes a last sample, stops the monitor and its process, and returns the run from the idle sample to that one. */
  async finish(): Promise<MonitorRun> {
    const exited = new Promise((resolve) => this.child.once('exit', resolve));
    const final = await this.last({ type: 'finish' });
    await exited;
    return this.runUntil(final);
  }

  private last(
    request: ParentMessage & { type: 'pause' | 'finish' },
  ): Promise<ChildMessage & { type: 'final' | 'paused' }> {
    const reply = request.type === 'pause' ? 'paused' : 'final';
    return new Promise((resolve) => {
      const listener = (message: ChildMessage) => {
        if (message.type !== reply) return;
        this.child.off('message', listener);
        resolve(message);
      };
      this.child.on('message', listener);
      this.child.send(request);
    });
  }

  private runUntil(final: ChildMessage & { type: 'final' | 'paused' }): MonitorRun {
    const idle = this.idle ?? final;
    return {
      events: final.processed - idle.processed,
      cpuMicros: final.cpuMicros - idle.cpuMicros,
      mainThreadCpuMicros: difference(final.mainThreadCpuMicros, idle.mainThreadCpuMicros),
      mainThreadWaitingMicros: difference(final.mainThreadWaitingMicros, idle.mainThreadWaitingMicros),
      gcPauseMicros: final.gcPauseMicros - idle.gcPauseMicros,
      seconds: (final.atMs - idle.atMs) / 1000,
      batches: final.batches,
      batchSeconds: final.batchSeconds,
      startAtMs: idle.atMs,
      endAtMs: final.atMs,
    };
  }
}

/** A counter's growth between two samples; undefined where the platform has none. */
function difference(last: number | undefined, first: number | undefined): number | undefined {
  return last === undefined || first === undefined ? undefined : last - first;
}

/** Resolves when the processes together have handled `events`, checked on every sample. */
export function allHandled(processes: MonitorProcess[], events: number): Promise<void> {
  return new Promise((resolve) => {
    const stops = processes.map((p) =>
      p.onSample(() => {
        if (processes.reduce((sum, q) => sum + q.processed(), 0) < events) return;
        for (const stop of stops) stop();
        resolve();
      }),
    );
  });
}

/** Redis's own CPU (user + system, µs), commands and reads from clients so far (INFO). */
export async function redisCounters(redis: { info(): Promise<string> }) {
  const info = await redis.info();
  const field = (name: string) => Number(new RegExp(`^${name}:([\\d.]+)`, 'm').exec(info)?.[1] ?? 0);
  return {
    cpuMicros: Math.round((field('used_cpu_user') + field('used_cpu_sys')) * 1e6),
    commands: field('total_commands_processed'),
    // One read a client request (a pipeline of commands or a script call, read at once): the round trips.
    reads: field('total_reads_processed'),
  };
}
