import { Gauge, type Registry } from 'prom-client';
import type { EvidenceWatermark } from './evidence-watermark.js';

export interface WatermarkMetricSources {
  partitions: () => number[];
  watermark: EvidenceWatermark;
  /** Buckets of a partition with a deadline due by the wall clock but not yet by its horizon. */
  heldBuckets: (partition: number, nowMs: number) => Promise<number>;
}

/**
 * What the evidence watermark does, for dashboards and the "watermark stuck"
 * alert: how far each partition's watermark is behind the wall clock and
 * how many deadlines it holds (those released unread are counted with the
 * breach changes, in metrics.ts).
 */
export function registerWatermarkMetrics(registry: Registry, sources: WatermarkMetricSources) {
  const registers = [registry];
  new Gauge({
    name: 'slawatch_watermark_lag_seconds',
    help: "How far each owned partition's evidence watermark (the input read so far) is behind the wall clock; while unknown, how long it has been unknown",
    labelNames: ['partition'],
    registers,
    collect() {
      this.reset();
      const nowMs = Date.now();
      for (const p of sources.partitions())
        this.set({ partition: String(p) }, sources.watermark.lagMs(p, nowMs) / 1000);
    },
  });
  new Gauge({
    name: 'slawatch_deadline_buckets_held',
    help: 'Shipment buckets with a deadline due by the wall clock that waits for its evidence to be read, per owned partition',
    labelNames: ['partition'],
    registers,
    async collect() {
      this.reset();
      const nowMs = Date.now();
      for (const p of sources.partitions())
        this.set({ partition: String(p) }, await sources.heldBuckets(p, nowMs));
    },
  });
}
