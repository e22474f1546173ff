import { createHash } from 'node:crypto';
import type { DigestJob, FlushOverflowJob } from './escalation-job.js';
import type { JobParts } from './job-parts.js';

/** Most breaches one overflow digest carries; the rest go into the next one. */
const OVERFLOW_BATCH = 5000;

/** Turns the pages merged for a rate-limited target into digest jobs, a batch at a time. */
export async function runFlushOverflow(job: FlushOverflowJob, parts: JobParts): Promise<void> {
  const { rateWindows } = parts.context.store;
  for (;;) {
    const items = await rateWindows.headOfOverflow(job.target, OVERFLOW_BATCH);
    if (items.length === 0) return;
    const parsed = items.map((i) => JSON.parse(i) as { breachId: string; at: number });
    const breachIds = [...new Set(parsed.map((p) => p.breachId))];
    const first = Math.min(...parsed.map((p) => p.at));
    const last = Math.max(...parsed.map((p) => p.at));
    // The id is a hash of exactly these items: a retry after a crash re-adds the same digest, not a second one.
    const id = createHash('sha256').update(items.join('\n')).digest('hex').slice(0, 32);
    const digest: DigestJob = {
      type: 'digest',
      target: job.target,
      breachIds,
      intervalStart: new Date(first).toISOString(),
      intervalEnd: new Date(last).toISOString(),
      reason: 'rate-limit',
    };
    await parts.queues.add('critical', digest, `overflow-send.${job.target}.${id}`);
    if (!(await rateWindows.trimOverflowIfHead(job.target, items))) return;
  }
}
