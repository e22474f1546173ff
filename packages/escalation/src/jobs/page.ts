import type { Notification } from '@slawatch/notification-channels';
import type { EscalatedBreach } from '../classes/breach-records.js';
import { overflowJobId, resolvedNoticeJobId } from '../job-id.js';
import { escalates, isFinal } from '../lifecycle.js';
import { overLimitAction } from '../rate-limit.js';
import { systemEntry } from '../timeline.js';
import type { RunningJob } from './delivery.js';
import type { FlushOverflowJob, PageJob } from './escalation-job.js';
import type { JobParts } from './job-parts.js';

/**
 * Pages one target for one step. A target at its rate limit gets the page
 * merged into its next overflow digest instead.
 */
export async function runPage(job: PageJob, parts: JobParts, running: RunningJob): Promise<void> {
  const { context, delivery } = parts;
  const { store } = context;
  const marker = `page:${job.pass}.${job.step}.${job.target}`;
  const record = await store.breaches.get(job.breachId);
  if (!record || !escalates(record.state) || record.markers.has(marker)) return;
  const nowMs = context.now();
  const slot = await delivery.takeSlot(job.target, nowMs);
  if (!slot.allowed) {
    if (overLimitAction('breach') === 'merge')
      await mergeIntoOverflow({ job, marker, nowMs, retryAtMs: slot.retryAtMs }, parts);
    return;
  }
  const notification: Notification = {
    kind: 'breach',
    breach: record.breach,
    step: (job.pass - 1) * stepsOf(record, parts) + job.step,
    acknowledgeUrl: context.links.acknowledge(job.breachId, nowMs),
  };
  const result = await delivery.send(notification, job.target);
  if (!result.ok) {
    const failure = { result, target: job.target, kind: 'breach' as const, breachIds: [job.breachId] };
    return delivery.failed(running, failure);
  }
  const { target, pass, step } = job;
  const line = systemEntry(context.now(), 'notified', { target, pass, step });
  await store.breaches.recordDelivery(job.breachId, { target, marker, line });
  // Resolved while we were sending: the resolved notice may have missed this target.
  const after = await store.breaches.state(job.breachId);
  if (after && isFinal(after)) {
    const reason = after === 'retracted' ? 'retracted' : 'resolved';
    await parts.queues.add(
      record.breach.severity,
      { type: 'resolved', breachId: job.breachId, target, reason },
      resolvedNoticeJobId(job.breachId, target),
    );
  }
}

/** Puts the page in the target's overflow and makes sure a flush follows once the window has room. */
async function mergeIntoOverflow(
  merge: { job: PageJob; marker: string; nowMs: number; retryAtMs: number },
  parts: JobParts,
): Promise<void> {
  const { job, nowMs, retryAtMs } = merge;
  const { store, metrics } = parts.context;
  const { breachId, target, pass, step } = job;
  const length = await store.rateWindows.pushOverflow(target, { breachId, at: nowMs, pass, step });
  // One flush per second of retry time covers the merges of a burst. The
  // first item of an empty list always gets its own flush as well: a
  // flush of the same second may have just finished with an empty list.
  const flush: FlushOverflowJob = { type: 'flush-overflow', target };
  const delay = retryAtMs - nowMs;
  await parts.queues.add('critical', flush, overflowJobId(target, Math.ceil(retryAtMs / 1000) * 1000), delay);
  if (length === 1) await parts.queues.add('critical', flush, `${overflowJobId(target, nowMs)}.first`, delay);
  await store.timelines.append(breachId, systemEntry(nowMs, 'merged-into-digest', { target, pass, step }));
  metrics.rateLimitedMerges.inc({ target });
  metrics.notifications.inc({
    channel: parts.delivery.target(target).type,
    kind: 'breach',
    result: 'merged',
  });
  await store.breaches.markOnce(breachId, merge.marker, nowMs);
}

/** The step number the message shows: counted on across passes through the policy. */
function stepsOf(record: EscalatedBreach, parts: JobParts): number {
  const policy = parts.context.file.policies[record.policy];
  return policy?.kind === 'escalate' ? policy.steps.length : 1;
}
