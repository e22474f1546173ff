import type { BreachChange, Severity } from '@slawatch/contract';
import { parseDuration } from '@slawatch/validation';
import { type Caller, hasRole } from './api-tokens.js';
import type { EscalationContext } from './context.js';
import { groupKey, groupLabels, type IncidentGrouping } from './grouping.js';
import {
  facilityPolicy,
  type Inhibition,
  inhibitionGroup,
  inhibitionGrouping,
  inhibitionOf,
  type RuleHit,
} from './inhibition.js';
import { incidentStepJobId } from './job-id.js';
import { queueResolvedNotice } from './jobs/incident-message.js';
import type { EscalationQueues } from './queues.js';
import { ABSOLUTE_MAXIMUM } from './silence-policy.js';
import { entry } from './timeline.js';

export type IncidentSilenceResult =
  | { ok: true; silencedUntil: string }
  | { ok: false; code: 'not-found' | 'conflict' | 'invalid' | 'forbidden'; reason: string };

export type IncidentActionResult =
  | { ok: true; state: 'acknowledged' | 'resolved'; members: number }
  | { ok: false; code: 'not-found' | 'conflict'; reason: string };

/** What an incident action does to each open member: the breach's own acknowledge or resolve. */
export interface MemberActions {
  acknowledge(breachId: string, who: string): Promise<unknown>;
  resolve(breachId: string, who: string): Promise<unknown>;
}

/** Members acted on at once when an incident is acknowledged or resolved. */
const CASCADE_CHUNK = 50;

/** Breaches joining and leaving incidents, and operators acting on incidents. */
export class IncidentActions {
  constructor(
    private readonly context: EscalationContext,
    private readonly queues: EscalationQueues,
  ) {}

  /**
   * Puts an open breach into its group's incident. A new incident's first
   * step waits `wait`; a member joining an acknowledged incident is
   * acknowledged with it. Safe to repeat (a replay re-queues the first step
   * under its fixed job id, in case a crash came between).
   */
  async join(
    change: BreachChange,
    route: { name: string; grouping: IncidentGrouping },
    members: MemberActions,
  ): Promise<void> {
    const labels = groupLabels(route.grouping, change);
    await this.enter(change, members, {
      group: groupKey(route.name, labels),
      policy: route.name,
      grouping: route.grouping,
      labels,
      severity: change.severity,
    });
  }

  /**
   * Puts an open breach into the facility incident of an inhibit rule's
   * value, opening it when the value has none: the breach's own pages are
   * suppressed (recorded on its timeline), the facility incident pages.
   */
  async joinFacility(change: BreachChange, hit: RuleHit, members: MemberActions): Promise<void> {
    const { rule, key } = hit;
    await this.enter(change, members, {
      group: inhibitionGroup(rule, key),
      policy: facilityPolicy(rule, key),
      grouping: inhibitionGrouping(rule),
      labels: { [rule.by]: key },
      severity: rule.severity,
      inhibition: inhibitionOf(hit),
    });
  }

  private async enter(
    change: BreachChange,
    members: MemberActions,
    into: {
      group: string;
      policy: string;
      grouping: IncidentGrouping;
      labels: Record<string, string>;
      severity: Severity;
      inhibition?: Inhibition;
    },
  ): Promise<void> {
    const { store, metrics } = this.context;
    const nowMs = this.context.now();
    const { labels, inhibition } = into;
    const joined = await store.incidents.join(change, {
      group: into.group,
      policy: into.policy,
      grouping: into.grouping,
      labels,
      nowMs,
      opened: entry(nowMs, 'monitor', 'opened', {
        labels,
        first: change.breachId,
        ...(inhibition ? { inhibition } : {}),
      }),
      severity: into.severity,
      ...(inhibition ? { inhibition } : {}),
    });
    const { incidentId } = joined;
    if (joined.created) metrics.incidentsOpened.inc({ severity: into.severity });
    if (joined.added) metrics.suppressedPages.inc({ reason: inhibition ? 'inhibited' : 'grouped' });
    if (joined.created || !joined.added) {
      const incident = await store.incidents.get(incidentId);
      const delayMs = incident ? Date.parse(incident.openedAt) + into.grouping.wait - nowMs : 0;
      await this.queues.add(
        into.severity,
        { type: 'incident-step', incidentId, pass: 1, step: 1 },
        incidentStepJobId(incidentId, 1, 1),
        Math.max(0, delayMs),
      );
    }
    const line = inhibition
      ? entry(nowMs, 'escalation', 'inhibited', {
          incident: incidentId,
          rule: inhibition.rule,
          [inhibition.by]: inhibition.key,
        })
      : entry(nowMs, 'escalation', 'grouped', { incident: incidentId });
    await store.breaches.setIncident(change.breachId, incidentId, line);
    if (joined.state === 'acknowledged') {
      const incident = await store.incidents.get(incidentId);
      await members.acknowledge(change.breachId, incident?.acknowledgedBy ?? 'incident');
    }
  }

  /** A member ended; the last one to end resolves the incident, and everyone it reached hears so once. */
  async leave(incidentId: string, change: BreachChange, byMonitor: boolean): Promise<void> {
    const { store, metrics } = this.context;
    const nowMs = this.context.now();
    const left = await store.incidents.leave(incidentId, change, {
      nowMs,
      resolved: entry(nowMs, 'monitor', 'resolved', { last: change.breachId }),
    });
    // A breach the monitor withdrew before its incident paged anyone: a flap the wait absorbed
    // (not one whose incident's first step came and was held back by a facility incident).
    if (byMonitor && left.left && !left.paged && !(await store.incidents.hasMarker(incidentId, 'step:1.1')))
      metrics.flapsAbsorbed.inc();
    if (left.resolvedNow) await this.finished(incidentId, undefined);
  }

  async acknowledge(incidentId: string, who: string, members: MemberActions): Promise<IncidentActionResult> {
    return this.act(incidentId, who, 'acknowledged', (breachId) => members.acknowledge(breachId, who));
  }

  async resolve(incidentId: string, who: string, members: MemberActions): Promise<IncidentActionResult> {
    const result = await this.act(incidentId, who, 'resolved', (breachId) => members.resolve(breachId, who));
    if (result.ok) await this.finished(incidentId, who);
    return result;
  }

  /**
   * Holds back the incident's pages, updates and reminders until `endsMs`
   * (recorded on its timeline); its resolved notice still goes. Responders up
   * to the file's responder maximum, admins up to 30 days, as for silences.
   */
  async silence(
    incidentId: string,
    request: { endsMs: number; comment: string },
    caller: Caller,
  ): Promise<IncidentSilenceResult> {
    const nowMs = this.context.now();
    const lastsMs = request.endsMs - nowMs;
    if (lastsMs <= 0) return { ok: false, code: 'invalid', reason: 'endsAt: expected a time after now' };
    if (lastsMs > parseDuration(ABSOLUTE_MAXIMUM))
      return { ok: false, code: 'invalid', reason: `endsAt: a silence lasts at most ${ABSOLUTE_MAXIMUM}` };
    const responderMaximum = this.context.file.silences.responderMaximum;
    if (!hasRole(caller, 'admin') && lastsMs > parseDuration(responderMaximum))
      return {
        ok: false,
        code: 'forbidden',
        reason: `responder-maximum: a responder silences an incident for at most ${responderMaximum}`,
      };
    const until = new Date(request.endsMs).toISOString();
    const done = await this.context.store.incidents.silence(incidentId, {
      untilMs: request.endsMs,
      who: caller.owner,
      comment: request.comment,
      line: entry(nowMs, caller.owner, 'silenced', { until, comment: request.comment }),
    });
    if (done === 'missing') return { ok: false, code: 'not-found', reason: `no incident ${incidentId}` };
    if (done === 'resolved')
      return { ok: false, code: 'conflict', reason: 'the incident is already resolved' };
    return { ok: true, silencedUntil: until };
  }

  private async act(
    incidentId: string,
    who: string,
    next: 'acknowledged' | 'resolved',
    cascade: (breachId: string) => Promise<unknown>,
  ): Promise<IncidentActionResult> {
    const nowMs = this.context.now();
    const changed = await this.context.store.incidents.setState(incidentId, {
      next,
      who,
      nowMs,
      line: entry(nowMs, who, next),
    });
    if (!changed.ok) {
      return changed.code === 'not-found'
        ? { ok: false, code: 'not-found', reason: `no incident ${incidentId}` }
        : { ok: false, code: 'conflict', reason: `the incident is already ${changed.state}` };
    }
    // Members joining from now on find the incident acknowledged (join cascades to them).
    for (let i = 0; i < changed.openMembers.length; i += CASCADE_CHUNK)
      await Promise.all(changed.openMembers.slice(i, i + CASCADE_CHUNK).map(cascade));
    return { ok: true, state: next, members: changed.openMembers.length };
  }

  /** One resolved notice per target the incident reached, and its figures into the histograms. */
  private async finished(incidentId: string, by: string | undefined): Promise<void> {
    const { store, metrics } = this.context;
    const incident = await store.incidents.get(incidentId);
    if (!incident) return;
    metrics.incidentMembers.observe(incident.members);
    metrics.incidentMessagesPerIncident.observe(incident.messages);
    if (!incident.paged) return;
    const parts = { context: this.context, queues: this.queues };
    for (const target of await store.incidents.notified(incidentId))
      await queueResolvedNotice(parts, incidentId, target, by);
  }
}
