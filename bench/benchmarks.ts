import type { Benchmark } from './benchmark.js';

/**
 * Every benchmark module, in listing order; each exports `benchmark`. A new
 * benchmark is one module and one line here. Loaded on demand, so a module
 * that does not load (a service mid-change) does not stop the others.
 */
export const BENCHMARK_MODULES: ReadonlyArray<() => Promise<{ benchmark: Benchmark }>> = [
  () => import('./ingestion.js'),
  () => import('./core.js'),
  () => import('./scaleout.js'),
  () => import('./clients.js'),
  () => import('./store.js'),
  () => import('./detection.js'),
  () => import('./escalation-latency.js'),
  () => import('./adversarial.js'),
  () => import('./backlog.js'),
  () => import('./storm.js'),
  () => import('./faults.js'),
  () => import('./review.js'),
];
