import { SEVERITIES, type Severity } from '@slawatch/contract';
import { Counter, Gauge, Histogram, type Registry } from 'prom-client';

const CHANNEL_TYPES = ['webhook', 'alertmanager', 'slack', 'dingtalk', 'feishu', 'wecom'] as const;
const KINDS = ['breach', 'resolved', 'digest', 'incident'] as const;
const INCIDENT_MESSAGES = ['page', 'update', 'reminder', 'resolved'] as const;
const RESULTS = ['delivered', 'failed', 'retried', 'suppressed', 'merged', 'deferred'] as const;

/**
 * Escalation metrics on the service's registry. Labels are bounded by the
 * escalation file (target and policy names) and fixed lists; every known
 * label set starts at zero so rate() and alerts see series from the start.
 */
export class EscalationMetrics {
  readonly notifications: Counter<'channel' | 'kind' | 'result'>;
  readonly steps: Counter<'severity' | 'policy'>;
  readonly openBreaches: Gauge<'severity'>;
  readonly acknowledgeSeconds: Histogram<'severity'>;
  readonly digests: Counter<'reason'>;
  readonly rateLimitedMerges: Counter<'target'>;
  readonly deliveryFailures: Counter<'target'>;
  readonly breachChanges: Counter<'status' | 'outcome'>;
  readonly openIncidents: Gauge<'severity'>;
  readonly incidentsOpened: Counter<'severity'>;
  readonly incidentMessages: Counter<'message'>;
  readonly incidentMembers: Histogram;
  readonly incidentMessagesPerIncident: Histogram;
  readonly suppressedPages: Counter<'reason'>;
  readonly flapsAbsorbed: Counter;

  constructor(
    registry: Registry,
    names: { targets: string[]; policies: string[] },
    activeCounts: () => Promise<Map<Severity, number>>,
    activeIncidentCounts: () => Promise<Map<Severity, number>> = async () => new Map(),
  ) {
    const registers = [registry];
    const counter = <Label extends string>(name: string, help: string, labelNames: Label[]) =>
      new Counter<Label>({ name, help, labelNames, registers });
    this.notifications = counter(
      'slawatch_escalation_notifications_total',
      'Notifications by channel, kind (breach, resolved, digest) and result',
      ['channel', 'kind', 'result'],
    );
    this.steps = counter(
      'slawatch_escalation_steps_total',
      'Escalation steps reached, by severity and policy',
      ['severity', 'policy'],
    );
    this.openBreaches = new Gauge({
      name: 'slawatch_escalation_open_breaches',
      help: 'Breaches not yet resolved or retracted, by severity',
      labelNames: ['severity'],
      registers,
      async collect() {
        try {
          for (const [severity, count] of await activeCounts()) this.set({ severity }, count);
        } catch {
          // A scrape during a Redis outage keeps the last values rather than failing /metrics.
        }
      },
    });
    this.acknowledgeSeconds = new Histogram({
      name: 'slawatch_escalation_acknowledge_seconds',
      help: 'From the breach reaching escalation to its acknowledgement',
      labelNames: ['severity'],
      buckets: [10, 30, 60, 120, 300, 600, 900, 1800, 3600, 7200, 14400],
      registers,
    });
    this.digests = counter(
      'slawatch_escalation_digests_total',
      'Digests sent, by why (policy interval or rate limit)',
      ['reason'],
    );
    this.rateLimitedMerges = counter(
      'slawatch_escalation_rate_limited_merges_total',
      'Pages merged into a digest because their target reached its rate limit',
      ['target'],
    );
    this.deliveryFailures = counter(
      'slawatch_escalation_delivery_failures_total',
      'Deliveries that failed after their last attempt, by target',
      ['target'],
    );
    this.breachChanges = counter(
      'slawatch_escalation_breach_changes_total',
      'Breach changes read from Kafka, by status and outcome (new, duplicate, late, untracked, invalid)',
      ['status', 'outcome'],
    );
    this.openIncidents = new Gauge({
      name: 'slawatch_escalation_open_incidents',
      help: 'Incidents not yet resolved, by severity',
      labelNames: ['severity'],
      registers,
      async collect() {
        try {
          for (const [severity, count] of await activeIncidentCounts()) this.set({ severity }, count);
        } catch {
          // As above: a scrape during a Redis outage keeps the last values.
        }
      },
    });
    this.incidentsOpened = counter(
      'slawatch_escalation_incidents_opened_total',
      'Incidents opened, by the severity of their first member',
      ['severity'],
    );
    this.incidentMessages = counter(
      'slawatch_escalation_incident_messages_total',
      'Messages about incidents delivered, by message (page, update, reminder, resolved), one per target',
      ['message'],
    );
    this.incidentMembers = new Histogram({
      name: 'slawatch_escalation_incident_members',
      help: 'Members of an incident, observed when it resolves',
      buckets: [1, 2, 5, 10, 50, 100, 500, 1000, 5000, 10000, 50000],
      registers,
    });
    this.incidentMessagesPerIncident = new Histogram({
      name: 'slawatch_escalation_incident_messages_per_incident',
      help: 'Messages (pages, updates, reminders; each counted once whatever its targets) of an incident, observed when it resolves',
      buckets: [0, 1, 2, 3, 5, 10, 20, 50],
      registers,
    });
    this.suppressedPages = counter(
      'slawatch_escalation_suppressed_pages_total',
      'Pages not sent, by reason (grouped: a breach paged as a member of its incident; silenced: an incident message held back by its silence; inhibited: a breach suppressed into a facility incident, or an incident message held back while a facility incident explains it)',
      ['reason'],
    );
    this.flapsAbsorbed = new Counter({
      name: 'slawatch_escalation_flaps_absorbed_total',
      help: "Breaches resolved or retracted before their incident's first page (absorbed by the wait)",
      registers,
    });

    for (const channel of CHANNEL_TYPES)
      for (const kind of KINDS)
        for (const result of RESULTS) this.notifications.inc({ channel, kind, result }, 0);
    for (const severity of SEVERITIES) {
      this.openBreaches.set({ severity }, 0);
      this.acknowledgeSeconds.zero({ severity });
      for (const policy of names.policies) this.steps.inc({ severity, policy }, 0);
    }
    for (const reason of ['policy', 'rate-limit']) this.digests.inc({ reason }, 0);
    for (const target of names.targets) {
      this.rateLimitedMerges.inc({ target }, 0);
      this.deliveryFailures.inc({ target }, 0);
    }
    for (const status of ['open', 'resolved', 'retracted'])
      for (const outcome of ['new', 'duplicate', 'late', 'untracked'])
        this.breachChanges.inc({ status, outcome }, 0);
    this.breachChanges.inc({ status: 'unknown', outcome: 'invalid' }, 0);
    for (const severity of SEVERITIES) {
      this.openIncidents.set({ severity }, 0);
      this.incidentsOpened.inc({ severity }, 0);
    }
    for (const message of INCIDENT_MESSAGES) this.incidentMessages.inc({ message }, 0);
    for (const reason of ['grouped', 'silenced', 'inhibited']) this.suppressedPages.inc({ reason }, 0);
  }
}
