import { resolve } from 'node:path';
import { compileStandards } from '@slawatch/evaluation';
import type { Redis } from '@slawatch/redis';
import { ShipmentStore } from '@slawatch/shipment-store';
import { loadStandards } from '@slawatch/standards';
import { inject } from 'vitest';
import { ShipmentEvaluation } from '../src/shipment-evaluation.js';

/**
 * Reads shipment states the way a monitor started with `env` stores them
 * (its key prefix, buckets, partitions and standards file), to check what it did.
 */
export function stateReader(redis: Redis, env: Record<string, string>) {
  const standardsFile = env['STANDARDS_FILE'] ?? 'standards/default.yaml';
  const compiled = compileStandards(loadStandards(resolve(inject('repositoryRoot'), standardsFile)));
  const evaluation = new ShipmentEvaluation(compiled, 3_600_000);
  const store = new ShipmentStore(redis, {
    prefix: env['REDIS_KEY_PREFIX']!,
    buckets: Number(env['SHIPMENT_BUCKETS']),
  });
  const partitions = Number(env['KAFKA_PARTITIONS']);
  return {
    store,
    /** The decoded state of each waybill, searching every partition. */
    async states(waybills: string[]) {
      const out = new Map<string, ReturnType<ShipmentEvaluation['decodeState']>>();
      for (let p = 0; p < partitions; p++) {
        const values = await store.load(p, waybills);
        for (const [waybill, value] of values) if (value) out.set(waybill, evaluation.decodeState(value));
      }
      return out;
    },
  };
}
