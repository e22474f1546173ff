import { SEVERITIES } from '@slawatch/contract';
import type { Redis } from '@slawatch/redis';
import { type Job, Worker } from 'bullmq';
import type { Logger } from 'pino';
import type { JobDispatcher } from './jobs/dispatcher.js';
import type { EscalationJob } from './jobs/escalation-job.js';
import { queueName } from './queues.js';

export interface WorkerSettings {
  prefix: string;
  /** Jobs one process runs at once per queue; deliveries mostly wait on the network. */
  concurrency: number;
  /**
   * How long a job's lock lives without renewal and how often workers look for
   * jobs whose lock expired: a killed worker's job is back in the queue after
   * about twice this.
   */
  stalledIntervalMs: number;
}

/**
 * A stalled job (its worker died or hung) is put back and run again, up to
 * this many times, instead of failing: losing a page is worse than a duplicate.
 */
const MAX_STALLED_COUNT = 1000;

/** The workers of one process; several processes may run them on the same queues. */
export class EscalationWorkers {
  private readonly workers: Worker<EscalationJob>[] = [];

  constructor(
    private readonly parts: {
      connection: Redis;
      dispatcher: JobDispatcher;
      settings: WorkerSettings;
      logger: Logger;
    },
  ) {}

  start(): void {
    const { connection, dispatcher, settings, logger } = this.parts;
    for (const severity of SEVERITIES) {
      const worker = new Worker<EscalationJob>(
        queueName(severity),
        (job: Job<EscalationJob>, token?: string) => dispatcher.process(job, token),
        {
          connection,
          prefix: settings.prefix,
          concurrency: settings.concurrency,
          lockDuration: settings.stalledIntervalMs,
          stalledInterval: settings.stalledIntervalMs,
          maxStalledCount: MAX_STALLED_COUNT,
          autorun: true,
        },
      );
      worker.on('error', (error) => logger.error({ err: error, queue: severity }, 'escalation worker error'));
      worker.on('stalled', (jobId) =>
        logger.warn({ jobId, queue: severity }, 'stalled job put back in the queue'),
      );
      worker.on('failed', (job, error) => {
        if (error.name === 'DelayedError') return;
        logger.warn({ jobId: job?.id, queue: severity, err: error }, 'escalation job attempt failed');
      });
      this.workers.push(worker);
    }
  }

  isRunning(): boolean {
    return this.workers.length > 0 && this.workers.every((w) => w.isRunning());
  }

  /**
   * New workers in place of the running ones, which close without waiting
   * for their jobs in hand (another worker takes those over once their lock
   * expires; job effects are idempotent). For after a Redis Cluster failover:
   * a worker's blocking connection may keep waiting on the master that died,
   * and a new worker blocks on a connection of its own that knows the new one.
   */
  restart(): void {
    if (this.workers.length === 0) return;
    const old = this.workers.splice(0);
    this.start();
    for (const worker of old)
      worker.close(true).catch((error) => this.parts.logger.warn({ err: error }, 'closing a worker failed'));
  }

  /** Lets the jobs in hand finish; unfinished ones are picked up by another process after the lock expires. */
  async stop(): Promise<void> {
    await Promise.all(this.workers.map((w) => w.close()));
  }
}
