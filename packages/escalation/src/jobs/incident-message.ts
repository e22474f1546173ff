import type { IncidentNotification } from '@slawatch/notification-channels';
import { isIncidentSilenced } from '../classes/incidents.js';
import { incidentSummary } from '../incident-summary.js';
import { incidentMessageJobId } from '../job-id.js';
import { systemEntry } from '../timeline.js';
import type { RunningJob } from './delivery.js';
import type { IncidentMessageJob } from './escalation-job.js';
import type { JobParts } from './job-parts.js';

/**
 * Sends one message about an incident to one target. Pages stop once the
 * incident is acknowledged or resolved; updates and reminders once it is
 * resolved; the resolved notice always goes. A rate-limited target gets it
 * when a slot frees (incident messages are few, so they wait, not merge).
 */
export async function runIncidentMessage(
  job: IncidentMessageJob,
  parts: JobParts,
  running: RunningJob,
): Promise<void> {
  const { context, delivery } = parts;
  const { store, metrics } = context;
  const incident = await store.incidents.get(job.incidentId);
  if (!incident) return;
  if (job.message === 'page' && incident.state !== 'open') return;
  if (job.message !== 'resolved' && incident.state === 'resolved') return;
  const nowMs = context.now();
  if (job.message !== 'resolved' && isIncidentSilenced(incident, nowMs)) {
    metrics.suppressedPages.inc({ reason: 'silenced' });
    const line = systemEntry(nowMs, 'suppressed', { target: job.target, message: job.message });
    await store.incidents.appendTimeline(job.incidentId, line);
    return;
  }
  const facts = await store.incidents.digestFacts(job.incidentId);
  const notification: IncidentNotification = {
    kind: 'incident',
    message: job.message,
    incident: incidentSummary(incident, facts, job.counts),
    url: context.links.incident(job.incidentId, nowMs),
    ...(job.step === undefined ? {} : { step: job.step }),
    ...(job.by === undefined ? {} : { by: job.by }),
  };
  const sent = await delivery.sendWhenAllowed(running, {
    target: job.target,
    notification,
    breachIds: [],
    nowMs,
  });
  if (!sent) return;
  metrics.incidentMessages.inc({ message: job.message });
  const line = systemEntry(context.now(), job.message === 'resolved' ? 'resolved-notice' : 'notified', {
    target: job.target,
    message: job.message,
  });
  await store.incidents.addNotified(job.incidentId, job.target, line);
  if (job.message === 'resolved') return;
  // Resolved while we were sending: the resolved notice may have missed this target.
  const after = await store.incidents.get(job.incidentId);
  if (after?.state === 'resolved')
    await queueResolvedNotice(parts, job.incidentId, job.target, after.resolvedBy);
}

/** The one resolved notice per target the incident reached; its job id keeps it to one. */
export async function queueResolvedNotice(
  parts: Pick<JobParts, 'context' | 'queues'>,
  incidentId: string,
  target: string,
  by: string | undefined,
): Promise<void> {
  const incident = await parts.context.store.incidents.get(incidentId);
  if (!incident) return;
  await parts.queues.add(
    incident.severity,
    {
      type: 'incident-message',
      incidentId,
      target,
      message: 'resolved',
      counts: { new: incident.newSinceMessage, resolved: incident.resolvedSinceMessage },
      ...(by && by !== 'monitor' ? { by } : {}),
    },
    incidentMessageJobId(incidentId, 'resolved', target),
  );
}
