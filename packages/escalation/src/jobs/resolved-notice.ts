import type { Notification } from '@slawatch/notification-channels';
import { systemEntry } from '../timeline.js';
import type { RunningJob } from './delivery.js';
import type { ResolvedNoticeJob } from './escalation-job.js';
import type { JobParts } from './job-parts.js';

/** Tells one target that a breach it was paged about is resolved or retracted. */
export async function runResolvedNotice(
  job: ResolvedNoticeJob,
  parts: JobParts,
  running: RunningJob,
): Promise<void> {
  const { context, delivery } = parts;
  const { store } = context;
  const marker = `notice:${job.target}`;
  const record = await store.breaches.get(job.breachId);
  if (!record || record.markers.has(marker)) return;
  const nowMs = context.now();
  const notification: Notification = {
    kind: 'resolved',
    breach: { ...record.breach, status: job.reason },
    reason: job.reason,
    ...(job.by ? { by: job.by } : {}),
  };
  const message = { target: job.target, notification, breachIds: [job.breachId], nowMs };
  if (!(await delivery.sendWhenAllowed(running, message))) return;
  await store.breaches.markOnce(job.breachId, marker, nowMs);
  await store.timelines.append(
    job.breachId,
    systemEntry(context.now(), 'resolved-notice', { target: job.target, reason: job.reason }),
  );
}
