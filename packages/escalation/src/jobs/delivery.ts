import {
  type DeliveryResult,
  deliver,
  type Notification,
  type Target,
} from '@slawatch/notification-channels';
import { DelayedError, type Job } from 'bullmq';
import type { EscalationContext } from '../context.js';
import { systemEntry } from '../timeline.js';
import type { EscalationJob } from './escalation-job.js';

/** The BullMQ job being run and its lock token: a retry or a deferral moves this very job. */
export interface RunningJob {
  job: Job<EscalationJob>;
  token: string | undefined;
}

/** What failed to go out, for the retry, the metrics and the breaches' timelines. */
export interface FailedDelivery {
  result: DeliveryResult;
  target: string;
  kind: Notification['kind'];
  breachIds: string[];
}

/** A delivery that failed and will be tried again by BullMQ's backoff. */
class RetryableDeliveryError extends Error {
  override name = 'RetryableDeliveryError';
}

/**
 * How long the consumer waits for a first page it sends itself, and how long
 * it leaves a target that failed that way to the queue: a slow or failing
 * target must not hold up the intake of every other breach.
 */
const INLINE_TIMEOUT_MS = 2_000;
const INLINE_PAUSE_AFTER_FAILURE_MS = 30_000;

/** Sending to a target: its rate window, the channel call, and retry with backoff when it fails. */
export class Delivery {
  private readonly inlinePausedUntil = new Map<string, number>();

  constructor(
    private readonly context: EscalationContext,
    private readonly maxAttempts: number,
  ) {}

  target(name: string): Target {
    const found = this.context.file.targets[name];
    if (!found) throw new Error(`target ${name} is not in the escalation file`);
    return found.target;
  }

  async takeSlot(
    target: string,
    nowMs: number,
  ): Promise<{ allowed: true } | { allowed: false; retryAtMs: number }> {
    const limit = this.context.file.targets[target]?.rateLimit;
    if (!limit) return { allowed: true };
    return this.context.store.rateWindows.takeSlot(target, limit, nowMs);
  }

  /** Sends once; `timeoutMs` (at most the file's `delivery.timeout`) shortens the wait for an inline attempt. */
  async send(
    notification: Notification,
    targetName: string,
    options: { timeoutMs?: number } = {},
  ): Promise<DeliveryResult> {
    const target = this.target(targetName);
    const fileTimeoutMs = this.context.file.delivery.timeout;
    const result = await deliver(notification, target, {
      nowMs: this.context.now(),
      timeoutMs: Math.min(options.timeoutMs ?? fileTimeoutMs, fileTimeoutMs),
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
   * A first page sent by the consumer itself, not through the queue: true
   * once delivered. False when the target is paused for inline sending or
   * this attempt failed (the target is then paused): the caller queues the
   * page, whose job retries with backoff.
   */
  async sendInline(notification: Notification, targetName: string): Promise<boolean> {
    const nowMs = this.context.now();
    if ((this.inlinePausedUntil.get(targetName) ?? 0) > nowMs) return false;
    const result = await this.send(notification, targetName, { timeoutMs: INLINE_TIMEOUT_MS });
    if (!result.ok) {
      this.inlinePausedUntil.set(targetName, this.context.now() + INLINE_PAUSE_AFTER_FAILURE_MS);
      const channel = this.target(targetName).type;
      this.context.metrics.notifications.inc({ channel, kind: notification.kind, result: 'retried' });
      this.context.logger.warn(
        { target: targetName, error: result.error },
        'first page failed; queued for retry, and this target is paged through the queue for a while',
      );
    }
    return result.ok;
  }

  /**
   * Resolved notices and digests wait for a free slot of a rate-limited
   * target: the job moves to when one frees. True once delivered; false when
   * the last attempt failed (and was recorded).
   */
  async sendWhenAllowed(
    running: RunningJob,
    message: { target: string; notification: Notification; breachIds: string[]; nowMs: number },
  ): Promise<boolean> {
    const { target, notification } = message;
    const slot = await this.takeSlot(target, message.nowMs);
    if (!slot.allowed) {
      const channel = this.target(target).type;
      this.context.metrics.notifications.inc({ channel, kind: notification.kind, result: 'deferred' });
      await running.job.moveToDelayed(slot.retryAtMs, running.token);
      throw new DelayedError();
    }
    const result = await this.send(notification, target);
    if (result.ok) return true;
    await this.failed(running, { result, target, kind: notification.kind, breachIds: message.breachIds });
    return false;
  }

  /**
   * Before the last attempt the job throws and BullMQ retries it with
   * backoff; the last failure is recorded (timeline, metric, log) and the job
   * completes, so the escalation's next step is unaffected.
   */
  async failed(running: RunningJob, failure: FailedDelivery): Promise<void> {
    const { metrics, logger, store } = this.context;
    const { target, kind } = failure;
    const channel = this.target(target).type;
    const error = failure.result.ok ? 'unknown' : failure.result.error;
    const data = running.job.data;
    const before = data.type === 'page' ? (data.attemptsBefore ?? 0) : 0;
    const attempt = before + running.job.attemptsMade + 1;
    if (attempt < this.maxAttempts) {
      metrics.notifications.inc({ channel, kind, result: 'retried' });
      logger.warn({ target, kind, attempt, error }, 'delivery failed; will retry');
      throw new RetryableDeliveryError(error);
    }
    metrics.notifications.inc({ channel, kind, result: 'failed' });
    metrics.deliveryFailures.inc({ target });
    logger.error(
      { target, kind, attempts: attempt, error, breaches: failure.breachIds.length },
      'delivery failed after the last attempt',
    );
    const line = systemEntry(this.context.now(), 'delivery-failed', {
      target,
      kind,
      attempts: attempt,
      error,
    });
    for (const breachId of failure.breachIds) await store.timelines.append(breachId, line);
  }
}
