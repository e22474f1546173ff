import { createHash } from 'node:crypto';
import {
  type DeliveryResult,
  deliver,
  type Notification,
  type Target,
} from '@slawatch/notification-channels';
import { DelayedError, type Job } from 'bullmq';
import type { Severity } from './breach-change.js';
import type { EscalationContext } from './context.js';
import { deliveryJobId, overflowJobId, resolvedNoticeJobId, stepJobId } from './job-id.js';
import type {
  DigestJob,
  EscalationJob,
  FlushDigestJob,
  FlushOverflowJob,
  PageJob,
  ResolvedNoticeJob,
  StepJob,
} from './jobs.js';
import { escalates, isFinal } from './lifecycle.js';
import type { EscalationQueues } from './queues.js';
import { overLimitAction } from './rate-limit.js';
import { nextPosition, targetsAt, waitAfter } from './schedule.js';
import { silencesCovering } from './silence.js';
import type { BreachRecord } from './store.js';
import { entry, type TimelineEntry } from './timeline.js';

/** Most breaches one overflow digest carries; the rest go into the next one. */
const OVERFLOW_BATCH = 5000;
const SYSTEM = 'escalation';

/** A delivery that failed and will be tried again by BullMQ's backoff. */
class RetryableDeliveryError extends Error {
  override name = 'RetryableDeliveryError';
}

/** Runs escalation jobs. Each job checks the breach's current state first and records markers, so it may run twice. */
export class JobProcessor {
  constructor(
    private readonly context: EscalationContext,
    private readonly queues: EscalationQueues,
    private readonly maxAttempts: number,
  ) {}

  async process(job: Job<EscalationJob>, token: string | undefined): Promise<void> {
    const data = job.data;
    switch (data.type) {
      case 'step':
        return this.step(data);
      case 'page':
        return this.page(data, job, token);
      case 'resolved':
        return this.resolvedNotice(data, job, token);
      case 'digest':
        return this.digest(data, job, token);
      case 'flush-digest':
        return this.flushDigest(data);
      case 'flush-overflow':
        return this.flushOverflow(data);
    }
  }

  /** Runs a step now; the first step runs this way straight from the Kafka consumer. */
  async step(job: StepJob): Promise<void> {
    const { store, file, metrics } = this.context;
    const record = await store.get(job.breachId);
    if (!record || !escalates(record.state)) return;
    const policy = file.policies[record.policy];
    if (policy?.kind !== 'escalate') return;
    const position = { pass: job.pass, step: job.step };
    const marker = `step:${job.pass}.${job.step}`;
    if (record.markers.has(marker)) return;
    const nowMs = this.context.now();
    const breach = record.breach;
    const targets = targetsAt(policy, position);

    const covering = silencesCovering(await store.recentSilences(nowMs), breach, nowMs);
    const lines: TimelineEntry[] = [];
    if (covering.length > 0) {
      const at = new Date(nowMs).toISOString();
      await Promise.all(
        covering.map((silence) =>
          store.recordSuppressed(silence.id, { breachId: breach.breachId, at, ...position, targets }),
        ),
      );
      if (record.state === 'open') {
        await store.setState(
          job.breachId,
          'open',
          'silenced',
          entry(nowMs, SYSTEM, 'silenced', { silences: covering.map((s) => s.id) }),
        );
      }
      lines.push(
        entry(nowMs, SYSTEM, 'suppressed', { ...position, targets, silences: covering.map((s) => s.id) }),
      );
      for (const target of targets) {
        metrics.notifications.inc({
          channel: this.target(target).type,
          kind: 'breach',
          result: 'suppressed',
        });
      }
    } else {
      if (record.state === 'silenced') {
        await store.setState(job.breachId, 'silenced', 'open', entry(nowMs, SYSTEM, 'unsilenced'));
      }
      await Promise.all(
        targets.map((target) => {
          const page: PageJob = { type: 'page', breachId: job.breachId, ...position, target };
          return this.queues.add(
            breach.severity,
            page,
            deliveryJobId(job.breachId, job.pass, job.step, target),
          );
        }),
      );
      lines.push(entry(nowMs, SYSTEM, 'step', { ...position, targets }));
      metrics.steps.inc({ severity: breach.severity, policy: record.policy });
    }
    // The next step is scheduled whatever happens to this step's deliveries:
    // a failing channel must not stop the escalation reaching the next person.
    const next = nextPosition(policy, position);
    if (next) {
      await this.queues.add(
        breach.severity,
        { type: 'step', breachId: job.breachId, ...next },
        stepJobId(job.breachId, next.pass, next.step),
        waitAfter(policy, position),
      );
    } else {
      lines.push(entry(nowMs, SYSTEM, 'escalation-exhausted', position));
    }
    await store.appendAndMark(job.breachId, lines, marker, nowMs);
  }

  private async page(job: PageJob, bullJob: Job<EscalationJob>, token: string | undefined): Promise<void> {
    const { store, metrics } = this.context;
    const marker = `page:${job.pass}.${job.step}.${job.target}`;
    const record = await store.get(job.breachId);
    if (!record || !escalates(record.state) || record.markers.has(marker)) return;
    const nowMs = this.context.now();
    const channel = this.target(job.target).type;
    const slot = await this.takeSlot(job.target, nowMs);
    if (!slot.allowed) {
      if (overLimitAction('breach') === 'merge') {
        const length = await store.pushOverflow(job.target, {
          breachId: job.breachId,
          at: nowMs,
          pass: job.pass,
          step: job.step,
        });
        // One flush per second of retry time covers the merges of a burst. The
        // first item of an empty list always gets its own flush as well: a
        // flush of the same second may have just finished with an empty list.
        const flush = { type: 'flush-overflow' as const, target: job.target };
        const delay = slot.retryAtMs - nowMs;
        await this.queues.add(
          'critical',
          flush,
          overflowJobId(job.target, Math.ceil(slot.retryAtMs / 1000) * 1000),
          delay,
        );
        if (length === 1)
          await this.queues.add('critical', flush, `${overflowJobId(job.target, nowMs)}.first`, delay);
        await store.append(
          job.breachId,
          entry(nowMs, SYSTEM, 'merged-into-digest', { target: job.target, pass: job.pass, step: job.step }),
        );
        metrics.rateLimitedMerges.inc({ target: job.target });
        metrics.notifications.inc({ channel, kind: 'breach', result: 'merged' });
        await store.markOnce(job.breachId, marker, nowMs);
      }
      return;
    }
    const notification: Notification = {
      kind: 'breach',
      breach: record.breach,
      step: (job.pass - 1) * this.stepsOf(record) + job.step,
      acknowledgeUrl: this.context.links.acknowledge(job.breachId, nowMs),
      ...(record.breach.titleZh ? { titleZh: record.breach.titleZh } : {}),
    };
    const result = await this.send(notification, job.target);
    if (result.ok) {
      await store.recordDelivery(
        job.breachId,
        job.target,
        marker,
        entry(this.context.now(), SYSTEM, 'notified', { target: job.target, pass: job.pass, step: job.step }),
      );
      // Resolved while we were sending: the resolved notice may have missed this target.
      const after = await store.state(job.breachId);
      if (after && isFinal(after)) {
        const reason = after === 'retracted' ? 'retracted' : 'resolved';
        await this.queues.add(
          record.breach.severity,
          { type: 'resolved', breachId: job.breachId, target: job.target, reason },
          resolvedNoticeJobId(job.breachId, job.target),
        );
      }
      return;
    }
    await this.failed(bullJob, result, job.target, 'breach', [job.breachId], token);
  }

  private async resolvedNotice(
    job: ResolvedNoticeJob,
    bullJob: Job<EscalationJob>,
    token: string | undefined,
  ): Promise<void> {
    const { store } = this.context;
    const marker = `notice:${job.target}`;
    const record = await store.get(job.breachId);
    if (!record || record.markers.has(marker)) return;
    const nowMs = this.context.now();
    const slot = await this.takeSlot(job.target, nowMs);
    if (!slot.allowed) return this.defer(bullJob, token, slot.retryAtMs, job.target, 'resolved');
    const notification: Notification = {
      kind: 'resolved',
      breach: { ...record.breach, status: job.reason },
      reason: job.reason,
      ...(job.by ? { by: job.by } : {}),
    };
    const result = await this.send(notification, job.target);
    if (result.ok) {
      await store.markOnce(job.breachId, marker, nowMs);
      await store.append(
        job.breachId,
        entry(this.context.now(), SYSTEM, 'resolved-notice', { target: job.target, reason: job.reason }),
      );
      return;
    }
    await this.failed(bullJob, result, job.target, 'resolved', [job.breachId], token);
  }

  private async digest(
    job: DigestJob,
    bullJob: Job<EscalationJob>,
    token: string | undefined,
  ): Promise<void> {
    const { store, metrics } = this.context;
    const nowMs = this.context.now();
    const records = (await Promise.all(job.breachIds.map((id) => store.get(id)))).filter(
      (r): r is BreachRecord => r !== undefined,
    );
    if (records.length === 0) return;
    const slot = await this.takeSlot(job.target, nowMs);
    if (!slot.allowed) return this.defer(bullJob, token, slot.retryAtMs, job.target, 'digest');
    const notification: Notification = {
      kind: 'digest',
      breaches: records.map((r) => r.breach),
      intervalStart: job.intervalStart,
      intervalEnd: job.intervalEnd,
      acknowledgeUrl: this.context.links.digest(),
    };
    const result = await this.send(notification, job.target);
    if (!result.ok) return this.failed(bullJob, result, job.target, 'digest', job.breachIds, token);
    metrics.digests.inc({ reason: job.reason });
    const at = this.context.now();
    for (const record of records) {
      await store.addNotified(record.breach.breachId, job.target);
      await store.append(
        record.breach.breachId,
        entry(at, SYSTEM, 'digested', { target: job.target, reason: job.reason, digestSize: records.length }),
      );
    }
  }

  private async flushDigest(job: FlushDigestJob): Promise<void> {
    const { store, file } = this.context;
    const policy = file.policies[job.policy];
    if (policy?.kind !== 'digest') return;
    const nowMs = this.context.now();
    const silences = await store.silences();
    const included: string[] = [];
    let severity: Severity = 'minor';
    for (const breachId of new Set(await store.digestItems(job.policy, job.intervalStartMs))) {
      const record = await store.get(breachId);
      if (!record || !escalates(record.state)) continue;
      const covering = silencesCovering(silences, record.breach, nowMs);
      if (covering.length > 0) {
        for (const silence of covering)
          await store.recordSuppressed(silence.id, {
            breachId,
            at: new Date(nowMs).toISOString(),
            digest: job.policy,
          });
        await store.append(
          breachId,
          entry(nowMs, SYSTEM, 'suppressed', { digest: job.policy, silences: covering.map((s) => s.id) }),
        );
        continue;
      }
      included.push(breachId);
      severity = record.breach.severity;
    }
    if (included.length === 0) return;
    const intervalStart = new Date(job.intervalStartMs).toISOString();
    const intervalEnd = new Date(job.intervalStartMs + policy.every).toISOString();
    for (const target of policy.notify) {
      const digest: DigestJob = {
        type: 'digest',
        target,
        breachIds: included,
        intervalStart,
        intervalEnd,
        reason: 'policy',
      };
      await this.queues.add(severity, digest, `send.${job.policy}.${job.intervalStartMs}.${target}`);
    }
  }

  private async flushOverflow(job: FlushOverflowJob): Promise<void> {
    const { store } = this.context;
    for (;;) {
      const items = await store.headOfOverflow(job.target, OVERFLOW_BATCH);
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
      await this.queues.add('critical', digest, `overflow-send.${job.target}.${id}`);
      if (!(await store.trimOverflowIfHead(job.target, items))) return;
    }
  }

  private async takeSlot(target: string, nowMs: number) {
    const limit = this.context.file.targets[target]?.rateLimit;
    if (!limit) return { allowed: true as const };
    return this.context.store.takeSlot(target, limit, nowMs);
  }

  private async defer(
    job: Job<EscalationJob>,
    token: string | undefined,
    retryAtMs: number,
    target: string,
    kind: 'resolved' | 'digest',
  ): Promise<never> {
    this.context.metrics.notifications.inc({ channel: this.target(target).type, kind, result: 'deferred' });
    await job.moveToDelayed(retryAtMs, token);
    throw new DelayedError();
  }

  private async send(notification: Notification, targetName: string): Promise<DeliveryResult> {
    const target = this.target(targetName);
    const result = await deliver(notification, target, {
      nowMs: this.context.now(),
      timeoutMs: this.context.file.delivery.timeout,
    });
    if (result.ok)
      this.context.metrics.notifications.inc({
        channel: target.type,
        kind: notification.kind,
        result: 'delivered',
      });
    return result;
  }

  /**
   * Before the last attempt the job throws and BullMQ retries it with
   * backoff; the last failure is recorded (timeline, metric, log) and the job
   * completes, so the escalation's next step is unaffected.
   */
  private async failed(
    job: Job<EscalationJob>,
    result: DeliveryResult,
    targetName: string,
    kind: 'breach' | 'resolved' | 'digest',
    breachIds: string[],
    _token: string | undefined,
  ): Promise<void> {
    const { metrics, logger, store } = this.context;
    const channel = this.target(targetName).type;
    const error = result.ok ? 'unknown' : result.error;
    const attempt = job.attemptsMade + 1;
    if (attempt < this.maxAttempts) {
      metrics.notifications.inc({ channel, kind, result: 'retried' });
      logger.warn({ target: targetName, kind, attempt, error }, 'delivery failed; will retry');
      throw new RetryableDeliveryError(error);
    }
    metrics.notifications.inc({ channel, kind, result: 'failed' });
    metrics.deliveryFailures.inc({ target: targetName });
    logger.error(
      { target: targetName, kind, attempts: attempt, error, breaches: breachIds.length },
      'delivery failed after the last attempt',
    );
    const at = this.context.now();
    for (const breachId of breachIds) {
      await store.append(
        breachId,
        entry(at, SYSTEM, 'delivery-failed', { target: targetName, kind, attempts: attempt, error }),
      );
    }
  }

  private target(name: string): Target {
    const found = this.context.file.targets[name];
    if (!found) throw new Error(`target ${name} is not in the escalation file`);
    return found.target;
  }

  private stepsOf(record: BreachRecord): number {
    const policy = this.context.file.policies[record.policy];
    return policy?.kind === 'escalate' ? policy.steps.length : 1;
  }
}
