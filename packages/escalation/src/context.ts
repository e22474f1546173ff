import type { Logger } from 'pino';
import type { EscalationStore } from './classes/escalation-store.js';
import type { EscalationMetrics } from './metrics.js';
import type { EscalationFile } from './policy-file.js';

/** Builds the links put in messages: a signed acknowledge link per breach, and the list for digests. */
export interface LinkBuilder {
  acknowledge(breachId: string, nowMs: number): string;
  /** A signed acknowledge link for the incident, or the incident in the ops API. */
  incident(incidentId: string, nowMs: number): string;
  digest(): string;
}

/** What every part of the escalation shares inside one process. */
export interface EscalationContext {
  file: EscalationFile;
  store: EscalationStore;
  metrics: EscalationMetrics;
  logger: Logger;
  links: LinkBuilder;
  now: () => number;
}
