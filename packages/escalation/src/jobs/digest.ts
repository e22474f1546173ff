import type { Notification } from '@slawatch/notification-channels';
import type { EscalatedBreach } from '../classes/breach-records.js';
import { systemEntry } from '../timeline.js';
import type { RunningJob } from './delivery.js';
import type { DigestJob } from './escalation-job.js';
import type { JobParts } from './job-parts.js';

/** Sends one digest of several breaches to one target, from a digest policy or a rate-limit overflow. */
export async function runDigest(job: DigestJob, parts: JobParts, running: RunningJob): Promise<void> {
  const { context, delivery } = parts;
  const { store, metrics } = context;
  const nowMs = context.now();
  const records = (await Promise.all(job.breachIds.map((id) => store.breaches.get(id)))).filter(
    (r): r is EscalatedBreach => r !== undefined,
  );
  if (records.length === 0) return;
  const notification: Notification = {
    kind: 'digest',
    breaches: records.map((r) => r.breach),
    intervalStart: job.intervalStart,
    intervalEnd: job.intervalEnd,
    acknowledgeUrl: context.links.digest(),
  };
  const message = { target: job.target, notification, breachIds: job.breachIds, nowMs };
  if (!(await delivery.sendWhenAllowed(running, message))) return;
  metrics.digests.inc({ reason: job.reason });
  const line = systemEntry(context.now(), 'digested', {
    target: job.target,
    reason: job.reason,
    digestSize: records.length,
  });
  for (const record of records) {
    await store.breaches.addNotified(record.breach.breachId, job.target);
    await store.timelines.append(record.breach.breachId, line);
  }
}
