import { CONTRACT_VERSION } from '@slawatch/contract';
import type { BreachChange } from '@slawatch/evaluation';
import type { StandardsFile } from '@slawatch/standards';
import { expect } from 'vitest';
import type { Expected, Shipment } from './shipment.js';
import { DESTINATIONS, type Timeline } from './timeline.js';

/**
 * How late a fired deadline may be detected: the poll interval is 100 ms, but the test machine is
 * shared and loaded (stalls of seconds were seen), so this bounds "fired at all, promptly", not latency.
 */
const FIRING_SLACK_MS = 10_000;

/** What the run produced, and what it is checked against. */
export interface Run {
  standards: StandardsFile;
  /** The standards version every change must carry. */
  version: string;
  timeline: Timeline;
  /** Every change on the breaches topic, in arrival order. */
  changes: BreachChange[];
  /** Changes the monitor made before the evidence reached it (open, then retracted): lag, not a wrong verdict. */
  transients: string[];
}

/** Every field the expected change must carry on the topic. */
function fieldsOf(run: Run, shipment: Shipment, e: Expected) {
  const standard = run.standards.standards.find((s) => s.id === e.standard)!;
  return {
    breachId: run.timeline.keyOf(shipment.waybill, e).split('|')[0],
    status: e.status,
    waybill: shipment.waybill,
    standard: e.standard,
    title: standard.title,
    titleZh: standard.titleZh,
    action: standard.action,
    element: standard.element,
    phase: standard.phase,
    segment: shipment.segment,
    product: shipment.product,
    route: shipment.route,
    severity: e.severity,
    level: e.level,
    // Null for a standard without a due time (the contract sends every field).
    dueAt: e.dueAt === undefined ? null : run.timeline.timeOf(e.dueAt),
    detectedAt: expect.any(String),
    judgedBeforeBacklogRead: false,
    evidence: expect.any(Array),
    // The order's part of the likely cause; where it was last seen depends on the moment of
    // detection and is checked by the evaluation's unit tests.
    cause: expect.objectContaining({
      originCity: 'Hangzhou',
      destinationCity: DESTINATIONS[shipment.route].city,
      lane: `Hangzhou→${DESTINATIONS[shipment.route].city}`,
      customerId: 'C-100482',
    }),
    standardsVersion: run.version,
    contractVersion: CONTRACT_VERSION,
  };
}

/** The shipment's changes on the topic are exactly the expected ones, with every field right. */
export function checkShipment(run: Run, shipment: Shipment) {
  const { timeline } = run;
  const events = timeline.eventsOf(shipment);
  const ids = new Set(events.map((e) => e.event.id));
  const seenById = new Map<string, BreachChange[]>();
  for (const change of run.changes.filter((c) => c.waybill === shipment.waybill)) {
    seenById.set(change.breachId, [...(seenById.get(change.breachId) ?? []), change]);
  }
  const expectedById = new Map<string, Expected[]>();
  for (const e of shipment.expected) {
    const id = timeline.keyOf(shipment.waybill, e).split('|')[0]!;
    expectedById.set(id, [...(expectedById.get(id) ?? []), e]);
  }
  for (const id of expectedById.keys()) expect([...seenById.keys()], shipment.waybill).toContain(id);

  for (const [id, seen] of seenById) {
    const wanted = expectedById.get(id);
    if (!wanted) {
      // Not a breach by event time: allowed only as a deadline the monitor fired before it had
      // judged an event that meets it, corrected by that event (the documented late-evidence history).
      expect(
        seen.map((c) => c.status),
        `${id} is not a breach`,
      ).toEqual(['open', 'retracted']);
      expect(ids.has(seen[1]!.evidence[0]!), `${id} retracted by ${seen[1]!.evidence[0]}`).toBe(true);
      run.transients.push(id);
      continue;
    }
    // Records of one waybill share a partition, so the topic keeps their order.
    expect(
      seen.map((c) => c.status),
      id,
    ).toEqual(wanted.map((e) => e.status));
    seen.forEach((change, i) => {
      const e = wanted[i]!;
      expect(change, `${id} ${e.status}`).toEqual(fieldsOf(run, shipment, e));
      const detectedMs = Date.parse(change.detectedAt);
      if (e.by === 'clock') {
        // Fired by the wall clock at or after the due time; under load an event of the shipment
        // judged after the due time may get there first, and then it is the evidence.
        const dueMs = Date.parse(timeline.timeOf(e.dueAt!));
        expect(detectedMs, `${id} detectedAt`).toBeGreaterThanOrEqual(dueMs);
        expect(detectedMs, `${id} detectedAt`).toBeLessThanOrEqual(dueMs + FIRING_SLACK_MS);
        expect(
          change.evidence.every((x) => ids.has(x)) && change.evidence.length <= 1,
          `${id} evidence`,
        ).toBe(true);
      } else {
        const causes = Array.isArray(e.by) ? e.by : [e.by];
        const cause = events.find((x) => x.event.id === change.evidence[0] && causes.includes(x.type));
        expect(change.evidence, `${id} evidence`).toHaveLength(1);
        expect(cause, `${id} evidence ${change.evidence[0]}`).toBeDefined();
        expect(detectedMs, `${id} detectedAt`).toBeGreaterThanOrEqual(Date.parse(cause!.event.time));
      }
    });
  }
}
