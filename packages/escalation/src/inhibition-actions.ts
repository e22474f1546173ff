import type { BreachChange } from '@slawatch/contract';
import type { ChangeOutcome } from './classes/breach-records.js';
import type { Incident } from './classes/incidents.js';
import type { EscalationContext } from './context.js';
import { inhibitionGroup, inhibits, type RuleHit, rulesExplaining, rulesFor } from './inhibition.js';
import { groupOfIncident } from './job-id.js';

/** Counting breaches behind facilities, couriers and lanes, and deciding what a facility incident suppresses. */
export class InhibitionActions {
  constructor(private readonly context: EscalationContext) {}

  /**
   * Counts an open breach under every inhibit rule that applies to it and
   * returns the rule whose facility incident it joins, if any (the first in
   * file order). A replayed change keeps the way the breach went the first
   * time: a breach already in an incident, paged alone or digested is not
   * moved.
   */
  async decide(change: BreachChange, outcome: ChangeOutcome): Promise<RuleHit | undefined> {
    const { store, file } = this.context;
    const hits = rulesFor(file.inhibit, change);
    if (hits.length === 0) return undefined;
    const nowMs = this.context.now();
    const counted = await Promise.all(
      hits.map((hit) =>
        store.inhibitions.count(inhibitionGroup(hit.rule, hit.key), change, {
          nowMs,
          windowMs: hit.rule.window,
        }),
      ),
    );
    if (outcome === 'duplicate') {
      const record = await store.breaches.get(change.breachId);
      if (record?.incident) {
        const group = groupOfIncident(record.incident);
        return hits.find((hit) => inhibitionGroup(hit.rule, hit.key) === group);
      }
      if (record && (record.markers.has('step:1.1') || record.markers.has('digest'))) return undefined;
    }
    return hits.find((hit, i) =>
      inhibits(hit, { open: counted[i]!.open, incidentOpen: counted[i]!.incidentId !== undefined }),
    );
  }

  /** The breach ended: it no longer counts behind its facility, courier or lane. Idempotent. */
  async release(breach: BreachChange): Promise<void> {
    const { store, file } = this.context;
    await Promise.all(
      rulesFor(file.inhibit, breach).map((hit) =>
        store.inhibitions.release(inhibitionGroup(hit.rule, hit.key), breach.breachId),
      ),
    );
  }
}

/**
 * The open facility incident that explains an ordinary incident, if any: one
 * of a rule grouping by a field the incident is grouped by, for the same
 * value (Alertmanager's `equal` labels). While it is open, the ordinary
 * incident's pages, updates and reminders are held back.
 */
export async function explainingIncident(
  context: EscalationContext,
  incident: Incident,
): Promise<{ incidentId: string; rule: string } | undefined> {
  if (incident.inhibition) return undefined;
  for (const { rule, key } of rulesExplaining(context.file.inhibit, incident)) {
    const incidentId = await context.store.inhibitions.current(inhibitionGroup(rule, key));
    if (incidentId) return { incidentId, rule: rule.name };
  }
  return undefined;
}

/**
 * The open facility incident that explains a breach paged on its own before
 * its facility crossed the threshold, if any: of a rule that applies to it
 * and does not spare it. While it is open, the breach's later steps are held back.
 */
export async function facilityIncidentOf(
  context: EscalationContext,
  breach: BreachChange,
): Promise<{ incidentId: string; rule: string } | undefined> {
  for (const hit of rulesFor(context.file.inhibit, breach)) {
    if (hit.spared) continue;
    const incidentId = await context.store.inhibitions.current(inhibitionGroup(hit.rule, hit.key));
    if (incidentId) return { incidentId, rule: hit.rule.name };
  }
  return undefined;
}
