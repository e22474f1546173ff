import { isIncidentSilenced } from '../classes/incidents.js';
import { explainingIncident } from '../inhibition-actions.js';
import { incidentMessageJobId, incidentTickJobId } from '../job-id.js';
import type { IncidentTickJob } from './escalation-job.js';
import type { JobParts } from './job-parts.js';

/**
 * Runs every `interval` while the incident is unresolved: if members joined
 * or ended since the last message, one update to everyone notified; if not,
 * and nobody acknowledged it for `repeat`, a reminder. So a storm that keeps
 * growing sends at most one message per interval, not one per breach.
 */
export async function runIncidentTick(job: IncidentTickJob, parts: JobParts): Promise<void> {
  const { context, queues } = parts;
  const { store } = context;
  const incident = await store.incidents.get(job.incidentId);
  if (!incident || incident.state === 'resolved') return;
  const nowMs = context.now();
  const { interval, repeat } = incident.grouping;
  const notified = await store.incidents.notified(job.incidentId);
  const changed = incident.newSinceMessage > 0 || incident.resolvedSinceMessage > 0;
  const lastMessageMs = incident.lastMessageAt
    ? Date.parse(incident.lastMessageAt)
    : Date.parse(incident.openedAt);
  const remind = repeat !== undefined && incident.state === 'open' && nowMs - lastMessageMs >= repeat;
  const slot = Math.floor(nowMs / interval);
  // Silenced, or explained by an open facility incident: the counts keep adding up and go out with the first update after it.
  if (
    notified.length > 0 &&
    (changed || remind) &&
    !isIncidentSilenced(incident, nowMs) &&
    (await explainingIncident(context, incident)) === undefined
  ) {
    const message = changed ? 'update' : 'reminder';
    const counts = await store.incidents.takeCounts(job.incidentId, nowMs, false);
    await Promise.all(
      notified.map((target) =>
        queues.add(
          incident.severity,
          {
            type: 'incident-message',
            incidentId: job.incidentId,
            target,
            message,
            counts: { new: counts.added, resolved: counts.resolved },
          },
          incidentMessageJobId(job.incidentId, `${message}-${slot}`, target),
        ),
      ),
    );
  }
  await queues.add(
    incident.severity,
    { type: 'incident-tick', incidentId: job.incidentId },
    incidentTickJobId(job.incidentId, slot + 1),
    interval,
  );
}
