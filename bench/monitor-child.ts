/**
 * One monitor in a process of its own, for the benchmarks that measure its
 * CPU (bench/monitor-process.ts starts it). Configured by the environment
 * like the real service; it starts consuming when told to, and reports how
 * many events it has handled and the CPU it has used every few
 * milliseconds over IPC, so that the parent can take the CPU of exactly the
 * work it timed. Run with `--cpu-prof` for a profile of the monitor alone.
 */
import { loadEnvironment } from '@slawatch/config';
import { createLogger } from '@slawatch/logger';
import { createMonitor } from '../services/monitor/src/monitor.js';
import type { ChildMessage, ParentMessage } from './monitor-process.js';

const SAMPLE_INTERVAL_MS = 10;

const env = loadEnvironment(process.env);
const logger = createLogger({ name: 'bench-monitor', level: 'warn', format: 'json' });
const monitor = createMonitor(env, logger);

function send(message: ChildMessage): void {
  process.send?.(message);
}

/** Events handled so far: accepted, duplicate and refused alike. */
async function processed(): Promise<number> {
  const counter = await monitor.metrics.events.get();
  return counter.values.reduce((sum, v) => sum + v.value, 0);
}

async function sample() {
  const count = await processed();
  const cpu = process.cpuUsage();
  return {
    processed: count,
    cpuMicros: cpu.user + cpu.system,
    atMs: performance.timeOrigin + performance.now(),
  };
}

let running: Awaited<ReturnType<typeof monitor.start>> | undefined;
let timer: NodeJS.Timeout | undefined;

process.on('message', (message: ParentMessage) => {
  void (async () => {
    if (message.type === 'start') {
      running = await monitor.start();
      timer = setInterval(
        () => void sample().then((s) => send({ type: 'sample', ...s })),
        SAMPLE_INTERVAL_MS,
      );
    } else if (message.type === 'finish') {
      clearInterval(timer);
      const last = await sample();
      const histogram = await monitor.metrics.batchSeconds.get();
      const of = (suffix: string) =>
        histogram.values.filter((v) => v.metricName?.endsWith(suffix)).reduce((sum, v) => sum + v.value, 0);
      send({ type: 'final', ...last, batches: of('_count'), batchSeconds: of('_sum') });
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
