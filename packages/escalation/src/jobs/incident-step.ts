import { isIncidentSilenced } from '../classes/incidents.js';
import { explainingIncident } from '../inhibition-actions.js';
import { incidentMessageJobId, incidentStepJobId, incidentTickJobId } from '../job-id.js';
import { nextPosition, targetsAt, waitAfter } from '../schedule.js';
import { systemEntry } from '../timeline.js';
import type { IncidentMessageJob, IncidentStepJob } from './escalation-job.js';
import type { JobParts } from './job-parts.js';

/**
 * One step of an incident's escalation: one page per target about the whole
 * incident, then the next step after the policy's wait. The first step runs
 * when the incident's `wait` is over; if every member ended by then, the
 * incident resolved and nobody is paged. It also starts the update ticks.
 */
export async function runIncidentStep(job: IncidentStepJob, parts: JobParts): Promise<void> {
  const { context, queues } = parts;
  const { store, file, metrics } = context;
  const incident = await store.incidents.get(job.incidentId);
  if (incident?.state !== 'open') return;
  const policy = file.policies[incident.policy];
  if (policy?.kind !== 'escalate') return;
  const position = { pass: job.pass, step: job.step };
  const marker = `step:${job.pass}.${job.step}`;
  const nowMs = context.now();
  const targets = targetsAt(policy, position);
  const step = (job.pass - 1) * policy.steps.length + job.step;
  const silenced = isIncidentSilenced(incident, nowMs);
  // A facility incident explains this one (same facility, courier or lane): it pages, this one holds back.
  const explained = silenced ? undefined : await explainingIncident(context, incident);
  const heldBack = silenced || explained !== undefined;
  const counts = heldBack ? undefined : await store.incidents.takeCounts(job.incidentId, nowMs, true);
  if (counts && counts.state !== 'open') return;
  if (!counts) metrics.suppressedPages.inc({ reason: silenced ? 'silenced' : 'inhibited' }, targets.length);
  await Promise.all(
    targets.map((target) => {
      if (!counts) return undefined;
      const message: IncidentMessageJob = {
        type: 'incident-message',
        incidentId: job.incidentId,
        target,
        message: 'page',
        counts: { new: counts.added, resolved: counts.resolved },
        step,
      };
      return queues.add(
        incident.severity,
        message,
        incidentMessageJobId(job.incidentId, `page-p${job.pass}s${job.step}`, target),
      );
    }),
  );
  if (job.pass === 1 && job.step === 1) {
    const interval = incident.grouping.interval;
    await queues.add(
      incident.severity,
      { type: 'incident-tick', incidentId: job.incidentId },
      incidentTickJobId(job.incidentId, Math.floor((nowMs + interval) / interval)),
      interval,
    );
  }
  const next = nextPosition(policy, position);
  if (next) {
    await queues.add(
      incident.severity,
      { type: 'incident-step', incidentId: job.incidentId, ...next },
      incidentStepJobId(job.incidentId, next.pass, next.step),
      waitAfter(policy, position),
    );
  }
  metrics.steps.inc({ severity: incident.severity, policy: incident.policy });
  if (await store.incidents.markOnce(job.incidentId, marker, nowMs)) {
    const line = silenced
      ? systemEntry(nowMs, 'suppressed', { ...position, targets, silencedBy: incident.silencedBy })
      : explained
        ? systemEntry(nowMs, 'suppressed', {
            ...position,
            targets,
            inhibitedBy: explained.incidentId,
            rule: explained.rule,
          })
        : systemEntry(nowMs, 'step', { ...position, targets });
    await store.incidents.appendTimeline(job.incidentId, line);
  }
}
