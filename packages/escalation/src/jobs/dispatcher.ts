import type { Job } from 'bullmq';
import type { EscalatedBreach } from '../classes/breach-records.js';
import type { EscalationContext } from '../context.js';
import type { EscalationQueues } from '../queues.js';
import { Delivery } from './delivery.js';
import { runDigest } from './digest.js';
import type { EscalationJob, StepJob } from './escalation-job.js';
import { runFlushDigest } from './flush-digest.js';
import { runFlushOverflow } from './flush-overflow.js';
import { runIncidentMessage } from './incident-message.js';
import { runIncidentStep } from './incident-step.js';
import { runIncidentTick } from './incident-tick.js';
import type { JobParts } from './job-parts.js';
import { runPage } from './page.js';
import { runResolvedNotice } from './resolved-notice.js';
import { runStep } from './step.js';

/**
 * Hands each escalation job to the module of its kind. Each job checks the
 * breach's current state first and records markers, so it may run twice.
 */
export class JobDispatcher {
  private readonly parts: JobParts;

  constructor(options: { context: EscalationContext; queues: EscalationQueues; maxAttempts: number }) {
    const delivery = new Delivery(options.context, options.maxAttempts);
    this.parts = { context: options.context, queues: options.queues, delivery };
  }

  async process(job: Job<EscalationJob>, token: string | undefined): Promise<void> {
    const data = job.data;
    const running = { job, token };
    switch (data.type) {
      case 'step':
        return runStep(data, this.parts);
      case 'page':
        return runPage(data, this.parts, running);
      case 'resolved':
        return runResolvedNotice(data, this.parts, running);
      case 'digest':
        return runDigest(data, this.parts, running);
      case 'flush-digest':
        return runFlushDigest(data, this.parts);
      case 'flush-overflow':
        return runFlushOverflow(data, this.parts);
      case 'incident-step':
        return runIncidentStep(data, this.parts);
      case 'incident-message':
        return runIncidentMessage(data, this.parts, running);
      case 'incident-tick':
        return runIncidentTick(data, this.parts);
    }
  }

  /** Runs a step now, sending its pages itself: the first step runs this way straight from the Kafka consumer. */
  async step(job: StepJob, record?: EscalatedBreach): Promise<void> {
    return runStep(job, this.parts, { inline: true, ...(record ? { record } : {}) });
  }
}
