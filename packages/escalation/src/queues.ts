import { SEVERITIES, type Severity } from '@slawatch/contract';
import type { Redis } from '@slawatch/redis';
import { type JobsOptions, Queue } from 'bullmq';
import type { EscalationJob } from './jobs/escalation-job.js';

export interface QueueSettings {
  prefix: string;
  attempts: number;
  backoffMs: number;
}

/**
 * One queue per severity, so a flood of minor digests never delays a
 * critical page. Braces make BullMQ keep each queue's keys in one cluster slot.
 */
export function queueName(severity: Severity): string {
  return `{escalation-${severity}}`;
}

/** The per-severity queues every producer (ingest, API, workers) adds jobs to. */
export class EscalationQueues {
  private readonly queues = new Map<Severity, Queue<EscalationJob>>();

  constructor(
    connection: Redis,
    private readonly settings: QueueSettings,
  ) {
    for (const severity of SEVERITIES) {
      this.queues.set(
        severity,
        new Queue<EscalationJob>(queueName(severity), { connection, prefix: settings.prefix }),
      );
    }
  }

  queue(severity: Severity): Queue<EscalationJob> {
    return this.queues.get(severity)!;
  }

  /**
   * Adds a job under a deterministic id: while a job with that id exists
   * (waiting, delayed, active or kept after completion) adding it again does
   * nothing, which is what makes replays harmless.
   */
  async add(severity: Severity, job: EscalationJob, jobId: string, delayMs = 0): Promise<void> {
    const options: JobsOptions = {
      jobId,
      delay: Math.max(0, Math.round(delayMs)),
      attempts: this.settings.attempts,
      backoff: { type: 'exponential', delay: this.settings.backoffMs },
      // Completed jobs are kept for a day so their ids keep deduplicating replays;
      // the markers in the breach record cover anything older.
      removeOnComplete: { age: 86_400, count: 100_000 },
      removeOnFail: { age: 7 * 86_400 },
    };
    await this.queue(severity).add(job.type, job, options);
  }

  async close(): Promise<void> {
    await Promise.all([...this.queues.values()].map((q) => q.close()));
  }
}
