import { randomUUID } from 'node:crypto';
import type { BreachChange } from '@slawatch/contract';
import type { Caller } from './api-tokens.js';
import type { ChangeOutcome, EscalatedBreach } from './classes/breach-records.js';
import { DIGEST_TTL_MS } from './classes/digests.js';
import type { EscalationContext } from './context.js';
import {
  type IncidentActionResult,
  IncidentActions,
  type IncidentSilenceResult,
} from './incident-actions.js';
import { InhibitionActions } from './inhibition-actions.js';
import { digestJobId, resolvedNoticeJobId, stepJobId } from './job-id.js';
import type { StepJob } from './jobs/escalation-job.js';
import { type BreachState, escalates, isFinal, transition } from './lifecycle.js';
import type { EscalationQueues } from './queues.js';
import { routeBreach } from './routing.js';
import type { Silence, SilenceRequest } from './silence.js';
import { judgeSilence, type SilenceRefusal } from './silence-policy.js';
import { entry } from './timeline.js';

export type ActionResult =
  | { ok: true; state: BreachState }
  | { ok: false; code: 'not-found' | 'conflict'; reason: string };

export type SilenceCreation = { ok: true; silence: Silence } | { ok: false; refused: SilenceRefusal };

const MAX_STATE_RACES = 5;
const DIGEST_GRACE_MS = 1000;

/** Everything that changes a breach from outside the workers: Kafka changes and operator actions. */
export class BreachActions {
  private readonly incidents: IncidentActions;
  private readonly inhibitions: InhibitionActions;

  /**
   * `runStep` runs the first step at once, inside the consumer, instead of
   * through the queue: a page sooner and one job fewer per breach. It is as
   * idempotent as the queued step, and the batch is not committed until it
   * finished, so a crash replays it.
   */
  constructor(
    private readonly context: EscalationContext,
    private readonly queues: EscalationQueues,
    private readonly runStep?: (job: StepJob, record?: EscalatedBreach) => Promise<void>,
  ) {
    this.incidents = new IncidentActions(context, queues);
    this.inhibitions = new InhibitionActions(context);
  }

  /** Applies one breach change from the monitor; safe to call again with the same change. */
  async ingest(change: BreachChange): Promise<ChangeOutcome> {
    const { store, metrics, file } = this.context;
    const nowMs = this.context.now();
    const route = routeBreach(file, change);
    const first = entry(nowMs, 'monitor', change.status === 'open' ? 'opened' : change.status, {
      policy: route.name,
      severity: change.severity,
    });
    const { outcome, state } = await store.breaches.recordChange(change, {
      policy: route.name,
      nowMs,
      first,
    });
    metrics.breachChanges.inc({ status: change.status, outcome });
    if (change.status === 'open') {
      // Counted behind its facility, courier or lane first: past a threshold it joins that facility incident instead.
      const inhibited =
        outcome === 'new' || (outcome === 'duplicate' && !isFinal(state))
          ? await this.inhibitions.decide(change, outcome)
          : undefined;
      if (inhibited) {
        await this.incidents.joinFacility(change, inhibited, this);
      } else if (route.grouping !== 'none') {
        // A replay joins again (idempotent) in case a crash came between recording and joining.
        if (outcome === 'new' || (outcome === 'duplicate' && !isFinal(state)))
          await this.incidents.join(change, { name: route.name, grouping: route.grouping }, this);
      } else if (outcome === 'new' || (outcome === 'duplicate' && escalates(state))) {
        await this.startEscalation(change);
      }
    } else if (outcome !== 'untracked') {
      await this.finish(change.breachId, change.status, 'monitor', nowMs);
      await this.leaveIncident(change, true);
    }
    return outcome;
  }

  /** The breach ended: it no longer counts behind its facility, and leaves its incident if it has one. Idempotent. */
  private async leaveIncident(change: BreachChange, byMonitor: boolean): Promise<void> {
    const record = await this.context.store.breaches.get(change.breachId);
    if (this.context.file.inhibit.length > 0) await this.inhibitions.release(record?.breach ?? change);
    if (record?.incident) await this.incidents.leave(record.incident, record.breach, byMonitor);
  }

  /** Acknowledges the incident and every member, present and future, until it resolves. */
  async acknowledgeIncident(incidentId: string, who: string): Promise<IncidentActionResult> {
    return this.incidents.acknowledge(incidentId, who, this);
  }

  /** Holds back the incident's messages until `endsMs` (see IncidentActions.silence). */
  async silenceIncident(
    incidentId: string,
    request: { endsMs: number; comment: string },
    caller: Caller,
  ): Promise<IncidentSilenceResult> {
    return this.incidents.silence(incidentId, request, caller);
  }

  /** Resolves the incident and every open member; everyone it reached gets one resolved notice. */
  async resolveIncident(incidentId: string, who: string): Promise<IncidentActionResult> {
    return this.incidents.resolve(incidentId, who, this);
  }

  /** Schedules the first step, or files the breach into its digest. Idempotent through job ids and markers. */
  private async startEscalation(change: BreachChange): Promise<void> {
    const { store, file } = this.context;
    const record = await store.breaches.get(change.breachId);
    const policy = file.policies[record?.policy ?? ''] ?? routeBreach(file, change).policy;
    const policyName = record?.policy ?? routeBreach(file, change).name;
    if (policy.kind === 'escalate') {
      const first: StepJob = { type: 'step', breachId: change.breachId, pass: 1, step: 1 };
      if (this.runStep) await this.runStep(first, record);
      else await this.queues.add(change.severity, first, stepJobId(change.breachId, 1, 1));
      return;
    }
    await this.fileIntoDigest(change, { record, policy: { name: policyName, every: policy.every } });
  }

  /**
   * Files a breach into its digest policy's interval and queues the
   * interval's flush, then sets the breach's `digest` marker. A breach found
   * marked does both again: after a Redis failover the new master can hold
   * the marker without the filing and the flush job written just before it.
   * A breach is filed once, and not once the flush has begun; its job id
   * keeps the flush to one.
   */
  private async fileIntoDigest(
    change: BreachChange,
    into: { record: EscalatedBreach | undefined; policy: { name: string; every: number } },
  ): Promise<void> {
    const { store } = this.context;
    const { record, policy } = into;
    const nowMs = this.context.now();
    const openedMs = record ? Date.parse(record.openedAt) : nowMs;
    const intervalStartMs = Math.floor(openedMs / policy.every) * policy.every;
    const filedBefore = record?.markers.has('digest') === true;
    // The interval's flushed flag is kept as long as its list: later than that a rerun cannot tell.
    if (filedBefore && nowMs >= intervalStartMs + policy.every + DIGEST_TTL_MS) return;
    const filing = await store.digests.file(policy.name, intervalStartMs, change.breachId);
    // A flush queued again after its job was removed would send the whole interval again.
    if (filing !== 'flushed') {
      await this.queues.add(
        'minor',
        { type: 'flush-digest', policy: policy.name, intervalStartMs },
        digestJobId(policy.name, intervalStartMs),
        // A second of grace: a breach recorded at the very end of the interval by a
        // process whose clock is slightly behind still makes it into the digest.
        intervalStartMs + policy.every - this.context.now() + DIGEST_GRACE_MS,
      );
    }
    if (!filedBefore) await store.breaches.markOnce(change.breachId, 'digest', this.context.now());
  }

  async acknowledge(breachId: string, who: string): Promise<ActionResult> {
    return this.apply(breachId, who, 'acknowledge', (nowMs) => ({
      acknowledgedAt: new Date(nowMs).toISOString(),
      acknowledgedBy: who,
    }));
  }

  /** An operator resolves a breach: escalation stops and everyone notified hears of it. */
  async resolve(breachId: string, who: string): Promise<ActionResult> {
    const result = await this.apply(breachId, who, 'resolve', (nowMs) => ({
      resolvedAt: new Date(nowMs).toISOString(),
      resolvedBy: who,
    }));
    if (result.ok) {
      await this.sendResolvedNotices(breachId, 'resolved', who);
      const record = await this.context.store.breaches.get(breachId);
      if (record) await this.leaveIncident(record.breach, false);
    }
    return result;
  }

  /** The monitor resolved or retracted a breach. Also repairs a crash between state change and notices. */
  async finish(
    breachId: string,
    reason: 'resolved' | 'retracted',
    who: string,
    nowMs: number,
  ): Promise<void> {
    const record = await this.context.store.breaches.get(breachId);
    if (!record) return;
    if (!isFinal(record.state)) {
      await this.apply(breachId, who, reason === 'resolved' ? 'resolve' : 'retract', () => ({
        resolvedAt: new Date(nowMs).toISOString(),
        resolvedBy: who,
      }));
    }
    const after = await this.context.store.breaches.get(breachId);
    if (after && isFinal(after.state)) {
      await this.sendResolvedNotices(
        breachId,
        after.state === 'retracted' ? 'retracted' : 'resolved',
        after.resolvedBy,
      );
    }
  }

  async sendResolvedNotices(
    breachId: string,
    reason: 'resolved' | 'retracted',
    by: string | undefined,
  ): Promise<void> {
    const { breaches } = this.context.store;
    const record = await breaches.get(breachId);
    if (!record) return;
    for (const target of await breaches.notified(breachId)) {
      const notice = {
        type: 'resolved' as const,
        breachId,
        target,
        reason,
        ...(by && by !== 'monitor' ? { by } : {}),
      };
      await this.queues.add(record.breach.severity, notice, resolvedNoticeJobId(breachId, target));
    }
  }

  private async apply(
    breachId: string,
    who: string,
    event: 'acknowledge' | 'resolve' | 'retract',
    fields: (nowMs: number) => Record<string, string>,
  ): Promise<ActionResult> {
    const { store, metrics } = this.context;
    for (let attempt = 0; attempt < MAX_STATE_RACES; attempt++) {
      const record = await store.breaches.get(breachId);
      if (!record) return { ok: false, code: 'not-found', reason: `no breach ${breachId}` };
      const next = transition(record.state, { type: event });
      if (!next.ok) return { ok: false, code: 'conflict', reason: next.reason };
      const nowMs = this.context.now();
      const what = event === 'acknowledge' ? 'acknowledged' : event === 'resolve' ? 'resolved' : 'retracted';
      const change = {
        expected: record.state,
        next: next.state,
        line: entry(nowMs, who, what),
        fields: fields(nowMs),
      };
      if (await store.breaches.setState(breachId, change)) {
        await store.breaches.reindex(record.breach, next.state);
        if (event === 'acknowledge') {
          metrics.acknowledgeSeconds.observe(
            { severity: record.breach.severity },
            (nowMs - Date.parse(record.openedAt)) / 1000,
          );
        }
        return { ok: true, state: next.state };
      }
    }
    return { ok: false, code: 'conflict', reason: 'the breach kept changing; try again' };
  }

  /** Creates the silence if the silence rules (silence-policy.ts) let `caller` create it. */
  async createSilence(request: SilenceRequest, caller: Caller): Promise<SilenceCreation> {
    const nowMs = this.context.now();
    const startsMs = request.startsAt ? Date.parse(request.startsAt) : nowMs;
    const endsMs = Date.parse(request.endsAt);
    const verdict = judgeSilence({
      proposal: { matchers: request.matchers, startsMs, endsMs, reason: request.reason },
      caller,
      nowMs,
      rules: this.context.file.silences,
    });
    if (!verdict.accepted) {
      const { accepted: _, ...refused } = verdict;
      return { ok: false, refused };
    }
    const silence: Silence = {
      id: randomUUID(),
      matchers: request.matchers,
      startsAt: new Date(startsMs).toISOString(),
      endsAt: new Date(endsMs).toISOString(),
      author: caller.owner,
      authorRole: caller.role,
      comment: request.comment,
      breadth: verdict.breadth,
      reason: request.reason,
      createdAt: new Date(nowMs).toISOString(),
    };
    await this.context.store.silences.put(silence);
    if (verdict.breadth.length > 0) {
      // Operators watching the logs see a broad silence appear, not only its absent pages.
      this.context.logger.warn(
        { silence: silence.id, breadth: verdict.breadth, endsAt: silence.endsAt },
        'broad silence created',
      );
    }
    return { ok: true, silence };
  }

  /** Ends a silence now; it stays listed, with who ended it. */
  async expireSilence(id: string, who: string): Promise<Silence | undefined> {
    const silence = await this.context.store.silences.get(id);
    if (!silence) return undefined;
    const endsMs = Math.min(this.context.now(), Date.parse(silence.endsAt));
    const ended: Silence = { ...silence, endsAt: new Date(endsMs).toISOString(), expiredBy: who };
    await this.context.store.silences.put(ended);
    return ended;
  }
}
