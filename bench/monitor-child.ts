/**
 * One monitor in a process of its own, for the benchmarks that measure its
 * CPU (bench/monitor-process.ts starts it). Configured by the environment
 * like the real service; it starts consuming when told to, and reports how
 * many events it has handled and the CPU it has used every few
 * milliseconds over IPC, so that the parent can take the CPU of exactly the
 * work it timed. Run with `--cpu-prof` for a profile of the monitor alone.
 *
 * Told to pause, it stops its monitor and builds a new one in the same
 * process: started again, that one resumes from the committed offsets with
 * the code already compiled, as a long-running monitor is (a warm run).
 */
import { execFileSync } from 'node:child_process';
import { readFileSync } from 'node:fs';
import { PerformanceObserver } from 'node:perf_hooks';
import { loadEnvironment } from '@slawatch/config';
import { createLogger } from '@slawatch/logger';
import { createMonitor } from '../services/monitor/src/monitor.js';
import type { ChildMessage, ParentMessage } from './monitor-process.js';

const SAMPLE_INTERVAL_MS = 10;

const env = loadEnvironment(process.env);
const logger = createLogger({ name: 'bench-monitor', level: 'warn', format: 'json' });
let monitor = createMonitor(env, logger);
/** Counts the monitors started: a sample names its own, so none from a paused one is mistaken for the next. */
let generation = 0;

/**
 * The main thread's garbage-collection pauses so far, every kind, in µs: the
 * collector was the largest single share of a profile, and this shows it
 * per event beside the CPU.
 */
let gcPauseMicros = 0;
new PerformanceObserver((list) => {
  for (const entry of list.getEntries()) gcPauseMicros += entry.duration * 1000;
}).observe({ entryTypes: ['gc'] });

/** Clock ticks a second of the per-thread counters in /proc (USER_HZ, 100 on Linux almost always). */
const ticksPerSecond = (() => {
  try {
    return Number(execFileSync('getconf', ['CLK_TCK'], { encoding: 'utf8' })) || 100;
  } catch {
    return 100;
  }
})();

/** The main thread's user + system CPU so far, in µs, from Linux's /proc; undefined elsewhere. */
function mainThreadCpuMicros(): number | undefined {
  try {
    const stat = readFileSync(`/proc/self/task/${process.pid}/stat`, 'utf8');
    // Fields after the command name, which may hold spaces: utime and stime are the 12th and 13th.
    const fields = stat.slice(stat.lastIndexOf(')') + 2).split(' ');
    return ((Number(fields[11]) + Number(fields[12])) / ticksPerSecond) * 1e6;
  } catch {
    return undefined;
  }
}

/**
 * How long the main thread was ready to run but waited for a core so far, in
 * µs (the second field of Linux's schedstat); undefined elsewhere. Beside the
 * busy share it tells a thread waiting for Redis or a fetch (idle) from one
 * waiting for a core the broker, Redis or other work holds.
 */
function mainThreadWaitingMicros(): number | undefined {
  try {
    const schedstat = readFileSync(`/proc/self/task/${process.pid}/schedstat`, 'utf8');
    const [ranNanos, waitedNanos] = schedstat.split(' ');
    // A kernel that keeps no scheduler statistics reports zeros: no figure rather than a false 0.
    return waitedNanos === undefined || Number(ranNanos) === 0 ? undefined : Number(waitedNanos) / 1000;
  } catch {
    return undefined;
  }
}

function send(message: ChildMessage): void {
  process.send?.(message);
}

/** Events the current monitor has handled: accepted, duplicate and refused alike. */
async function processed(): Promise<number> {
  const counter = await monitor.metrics.events.get();
  return counter.values.reduce((sum, v) => sum + v.value, 0);
}

async function sample() {
  const count = await processed();
  const cpu = process.cpuUsage();
  return {
    generation,
    processed: count,
    cpuMicros: cpu.user + cpu.system,
    mainThreadCpuMicros: mainThreadCpuMicros(),
    mainThreadWaitingMicros: mainThreadWaitingMicros(),
    gcPauseMicros,
    atMs: performance.timeOrigin + performance.now(),
  };
}

let running: Awaited<ReturnType<typeof monitor.start>> | undefined;
let timer: NodeJS.Timeout | undefined;

/** Stops sampling and takes a last sample, with the batches the current monitor handled. */
async function lastSample() {
  clearInterval(timer);
  const last = await sample();
  const histogram = await monitor.metrics.batchSeconds.get();
  const of = (suffix: string) =>
    histogram.values.filter((v) => v.metricName?.endsWith(suffix)).reduce((sum, v) => sum + v.value, 0);
  return { ...last, batches: of('_count'), batchSeconds: of('_sum') };
}

process.on('message', (message: ParentMessage) => {
  void (async () => {
    if (message.type === 'start') {
      generation++;
      running = await monitor.start();
      timer = setInterval(
        () => void sample().then((s) => send({ type: 'sample', ...s })),
        SAMPLE_INTERVAL_MS,
      );
    } else if (message.type === 'pause') {
      const last = await lastSample();
      await running?.stop();
      monitor = createMonitor(
        message.env ? loadEnvironment({ ...process.env, ...message.env }) : env,
        logger,
      );
      send({ type: 'paused', ...last });
    } else if (message.type === 'finish') {
      const last = await lastSample();
      send({ type: 'final', ...last });
      await running?.stop();
      // A --cpu-prof profile is written on exit.
      process.exit(0);
    }
  })().catch((error: unknown) => {
    console.error('bench monitor failed:', error);
    process.exit(1);
  });
});
send({ type: 'ready' });
