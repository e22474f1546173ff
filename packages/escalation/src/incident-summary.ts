import type { IncidentSummary } from '@slawatch/notification-channels';
import type { Incident, IncidentDigestFacts } from './classes/incidents.js';

/** What a message about the incident shows: the stored record, the facts read for it, the counts taken for it. */
export function incidentSummary(
  incident: Incident,
  facts: IncidentDigestFacts,
  counts: { new: number; resolved: number },
): IncidentSummary {
  return {
    incidentId: incident.incidentId,
    severity: incident.severity,
    standard: incident.standard,
    title: incident.title,
    ...(incident.titleZh === undefined ? {} : { titleZh: incident.titleZh }),
    mixedStandards: incident.mixedStandards,
    labels: incident.labels,
    ...(incident.lastSeenAt === undefined ? {} : { lastSeenAt: incident.lastSeenAt }),
    openedAt: incident.openedAt,
    counts: { open: incident.open, members: incident.members, new: counts.new, resolved: counts.resolved },
    ...(facts.oldestDetectedAt === undefined ? {} : { oldestDetectedAt: facts.oldestDetectedAt }),
    examples: facts.examples,
    bySegment: facts.bySegment,
  };
}
