import type { EscalationContext } from '../context.js';
import type { EscalationQueues } from '../queues.js';
import type { Delivery } from './delivery.js';

/** What every job kind works with: the process's context, the queues it adds follow-up jobs to, delivery. */
export interface JobParts {
  context: EscalationContext;
  queues: EscalationQueues;
  delivery: Delivery;
}
