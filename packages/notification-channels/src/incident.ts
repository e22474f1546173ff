import type { Segment, Severity } from '@slawatch/contract';

/** What one message about an incident says: who it is, why, how big, examples. Never thousands of waybills. */
export interface IncidentSummary {
  incidentId: string;
  severity: Severity;
  /** The standard of its first member; `mixedStandards` when others joined. */
  standard: string;
  title: string;
  titleZh?: string;
  mixedStandards: boolean;
  /** The grouping fields and the values its members share (`facility: hub:HGH01`, `lane: Hangzhou→Beijing`). */
  labels: Record<string, string>;
  /** The earliest last-seen time of its members: how long the parcels have been dark. */
  lastSeenAt?: string;
  openedAt: string;
  counts: {
    /** Members not yet resolved or retracted. */
    open: number;
    /** Members ever. */
    members: number;
    /** Joined since the previous message. */
    new: number;
    /** Resolved or retracted since the previous message. */
    resolved: number;
  };
  oldestDetectedAt?: string;
  /** At most ten open waybills, oldest first. */
  examples: string[];
  /** Open members per segment. */
  bySegment: Partial<Record<Segment, number>>;
}

/** A page, an update (membership changed), a reminder (nothing changed, nobody acknowledged) or the resolved notice. */
export type IncidentMessageKind = 'page' | 'update' | 'reminder' | 'resolved';

export interface IncidentNotification {
  kind: 'incident';
  message: IncidentMessageKind;
  incident: IncidentSummary;
  /** Escalation step of a page, counted across passes. */
  step?: number;
  /** Acknowledge link (signed) or the incident in the ops API. */
  url: string;
  /** Who resolved it, when a person did. */
  by?: string;
}

/** The examples a message may list, whatever a caller passes. */
export const INCIDENT_EXAMPLES = 10;

export function canonicalIncidentNotification(notification: IncidentNotification): IncidentNotification {
  const i = notification.incident;
  return {
    kind: 'incident',
    message: notification.message,
    incident: {
      incidentId: i.incidentId,
      severity: i.severity,
      standard: i.standard,
      title: i.title,
      ...(i.titleZh === undefined ? {} : { titleZh: i.titleZh }),
      mixedStandards: i.mixedStandards,
      labels: { ...i.labels },
      ...(i.lastSeenAt === undefined ? {} : { lastSeenAt: i.lastSeenAt }),
      openedAt: i.openedAt,
      counts: {
        open: i.counts.open,
        members: i.counts.members,
        new: i.counts.new,
        resolved: i.counts.resolved,
      },
      ...(i.oldestDetectedAt === undefined ? {} : { oldestDetectedAt: i.oldestDetectedAt }),
      examples: i.examples.slice(0, INCIDENT_EXAMPLES),
      bySegment: { ...i.bySegment },
    },
    ...(notification.step === undefined ? {} : { step: notification.step }),
    url: notification.url,
    ...(notification.by === undefined ? {} : { by: notification.by }),
  };
}
