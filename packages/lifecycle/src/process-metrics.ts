import { collectDefaultMetrics, type Registry } from 'prom-client';

/**
 * Node's process and runtime metrics (prom-client's defaults) under their
 * standard names (`process_resident_memory_bytes`, `nodejs_eventloop_lag_seconds`,
 * …), so stock Node.js dashboards and alerts work unchanged, with a `service`
 * label saying which slawatch service they describe. A per-service name
 * prefix would hide them from every such dashboard.
 */
export function registerProcessMetrics(registry: Registry, service: string): void {
  collectDefaultMetrics({ register: registry, labels: { service } });
}
