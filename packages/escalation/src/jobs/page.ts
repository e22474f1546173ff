import type { Notification } from '@slawatch/notification-channels';
import type { EscalatedBreach } from '../classes/breach-records.js';
import { deliveryJobId, overflowJobId, resolvedNoticeJobId } from '../job-id.js';
import { escalates, isFinal } from '../lifecycle.js';
import { overLimitAction } from '../rate-limit.js';
import { systemEntry } from '../timeline.js';
import type { FailedDelivery, RunningJob } from './delivery.js';
import type { FlushOverflowJob, PageJob } from './escalation-job.js';
import type { JobParts } from './job-parts.js';

/**
 * Pages one target for one step. A target at its rate limit gets the page
 * merged into its next overflow digest instead.
 */
export async function runPage(job: PageJob, parts: JobParts, running: RunningJob): Promise<void> {
  const attempt = await attemptPage(job, parts, { how: 'queued' });
  if (attempt.outcome === 'failed') return parts.delivery.failed(running, attempt.failure);
}

/**
 * The first page, sent by the Kafka consumer itself: no queue between a new
 * breach and its first notification. If it cannot go out at once (the
 * target failed, or is paused after failing) it is queued as a page job,
 * under the same job id, and retried with backoff from there. The batch is
 * committed only after this resolves, so a crash before the delivery was
 * recorded sends it again, with the same idempotency key.
 */
export async function pageNow(job: PageJob, parts: JobParts, record: EscalatedBreach): Promise<void> {
  const attempt = await attemptPage(job, parts, { how: 'inline', record });
  if (attempt.outcome === 'not-sent') {
    const id = deliveryJobId(job.breachId, job.pass, job.step, job.target);
    await parts.queues.add(record.breach.severity, { ...job, attemptsBefore: 1 }, id);
  }
}

type PageAttempt =
  | { outcome: 'done' }
  | { outcome: 'failed'; failure: FailedDelivery }
  | { outcome: 'not-sent' };

/** `record`: the breach as its step just read it (inline), else read here. */
async function attemptPage(
  job: PageJob,
  parts: JobParts,
  options: { how: 'queued' | 'inline'; record?: EscalatedBreach },
): Promise<PageAttempt> {
  const { how } = options;
  const { context, delivery } = parts;
  const { store } = context;
  const marker = `page:${job.pass}.${job.step}.${job.target}`;
  const merged = mergedMarker(job);
  const record = options.record ?? (await store.breaches.get(job.breachId));
  if (!record || !escalates(record.state) || record.markers.has(marker)) return { outcome: 'done' };
  const mergedAtMs = record.markers.get(merged);
  if (mergedAtMs !== undefined) {
    await mergeAgain(job, mergedAtMs, parts);
    return { outcome: 'done' };
  }
  const nowMs = context.now();
  const slot = await delivery.takeSlot(job.target, nowMs);
  if (!slot.allowed) {
    if (overLimitAction('breach') === 'merge')
      await mergeIntoOverflow({ job, nowMs, retryAtMs: slot.retryAtMs }, parts);
    return { outcome: 'done' };
  }
  const notification: Notification = {
    kind: 'breach',
    breach: record.breach,
    step: (job.pass - 1) * stepsOf(record, parts) + job.step,
    acknowledgeUrl: context.links.acknowledge(job.breachId, nowMs),
  };
  if (how === 'inline') {
    if (!(await delivery.sendInline(notification, job.target))) return { outcome: 'not-sent' };
  } else {
    const result = await delivery.send(notification, job.target);
    if (!result.ok) {
      const failure = { result, target: job.target, kind: 'breach' as const, breachIds: [job.breachId] };
      return { outcome: 'failed', failure };
    }
  }
  const { target, pass, step } = job;
  const line = systemEntry(context.now(), 'notified', { target, pass, step });
  // Resolved while we were sending: the resolved notice may have missed this target.
  const after = await store.breaches.recordDelivery(job.breachId, { target, marker, line });
  if (after && isFinal(after)) {
    const reason = after === 'retracted' ? 'retracted' : 'resolved';
    await parts.queues.add(
      record.breach.severity,
      { type: 'resolved', breachId: job.breachId, target, reason },
      resolvedNoticeJobId(job.breachId, target),
    );
  }
  return { outcome: 'done' };
}

/**
 * A page merged into an overflow leaves this marker, not the delivered
 * page's: its rerun has the merge to check (mergeAgain).
 */
function mergedMarker(job: PageJob): string {
  return `merged:${job.pass}.${job.step}.${job.target}`;
}

/** Puts the page in the target's overflow and makes sure a flush follows once the window has room. */
async function mergeIntoOverflow(
  merge: { job: PageJob; nowMs: number; retryAtMs: number },
  parts: JobParts,
): Promise<void> {
  const { job, nowMs, retryAtMs } = merge;
  const { store } = parts.context;
  const { breachId, target, pass, step } = job;
  const item = { breachId, at: nowMs, pass, step };
  const { length } = await store.rateWindows.mergeIntoOverflow(target, item, nowMs);
  // One flush per second of retry time covers the merges of a burst. The
  // first item of an empty list always gets its own flush as well: a
  // flush of the same second may have just finished with an empty list.
  const delay = retryAtMs - nowMs;
  await queueFlush(parts, { target, id: overflowJobId(target, Math.ceil(retryAtMs / 1000) * 1000), delay });
  if (length === 1) await queueFlush(parts, { target, id: firstFlushJobId(target, nowMs), delay });
  const line = systemEntry(nowMs, 'merged-into-digest', { target, pass, step });
  // The line and the marker together, and counted by the run that set the marker: once however often it runs.
  const marker = mergedMarker(job);
  if (await store.breaches.markWithLines(breachId, { marker, lines: [line], nowMs }))
    countMerge(target, parts);
}

/**
 * A page whose merge is on record runs again: the job was put back, or its
 * step ran again. The overflow item and the flush it queued before the
 * marker may not be: after a Redis failover the new master can hold the
 * marker without them. So the item is pushed again unless the target's
 * overflow remembers the merge (then it waits there, or went out in a
 * digest), and the merge's own flush is queued under its id, due now: the
 * digest it makes waits for a free slot anyway.
 */
async function mergeAgain(job: PageJob, mergedAtMs: number, parts: JobParts): Promise<void> {
  const { store } = parts.context;
  const { breachId, target, pass, step } = job;
  const nowMs = parts.context.now();
  await store.rateWindows.mergeIntoOverflow(target, { breachId, at: mergedAtMs, pass, step }, nowMs);
  await queueFlush(parts, { target, id: firstFlushJobId(target, mergedAtMs), delay: 0 });
}

/** The flush of a merge into an empty overflow: its own, as the second's flush may have run already. */
function firstFlushJobId(target: string, mergedAtMs: number): string {
  return `${overflowJobId(target, mergedAtMs)}.first`;
}

async function queueFlush(
  parts: JobParts,
  flush: { target: string; id: string; delay: number },
): Promise<void> {
  const job: FlushOverflowJob = { type: 'flush-overflow', target: flush.target };
  await parts.queues.add('critical', job, flush.id, flush.delay);
}

function countMerge(target: string, parts: JobParts): void {
  const { metrics } = parts.context;
  metrics.rateLimitedMerges.inc({ target });
  metrics.notifications.inc({
    channel: parts.delivery.target(target).type,
    kind: 'breach',
    result: 'merged',
  });
}

/** The step number the message shows: counted on across passes through the policy. */
function stepsOf(record: EscalatedBreach, parts: JobParts): number {
  const policy = parts.context.file.policies[record.policy];
  return policy?.kind === 'escalate' ? policy.steps.length : 1;
}
