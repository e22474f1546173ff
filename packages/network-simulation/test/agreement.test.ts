import { parseRecord } from '@slawatch/contract';
import {
  type BreachChange,
  type CompiledStandards,
  compileStandards,
  evaluate,
  fireDue,
  type ShipmentState,
} from '@slawatch/evaluation';
import type { StandardsFile } from '@slawatch/standards';
import { describe, expect, it } from 'vitest';
import type { ExpectedBreach, SimulatedRecord } from '../src/index.js';
import { DEFAULT_STANDARDS, DEMO_STANDARDS, testScenario } from './support.js';

/*
 * The truth is computed without the evaluation core (a benchmark built on it
 * would measure nothing). This test is the other half: it replays scenarios
 * through the core, as the monitor would, and demands the same breaches. A
 * failure means the two readings of the standards drifted apart: find out
 * which one is wrong before changing either.
 */

/** The monitor's loop without Kafka or Redis: records in arrival order, deadlines fired every `pollMs`. */
function replay(
  compiled: CompiledStandards,
  records: ReadonlyArray<SimulatedRecord>,
  endMs: number,
  pollMs: number,
) {
  const states = new Map<string, ShipmentState>();
  const statusOf = new Map<string, BreachChange['status']>();
  const apply = (changes: ReadonlyArray<BreachChange>) => {
    for (const change of changes) statusOf.set(change.breachId, change.status);
  };
  const fireAll = (nowMs: number) => {
    for (const [waybill, state] of states) {
      if (!state.pending.some((deadline) => deadline.dueMs <= nowMs)) continue;
      const result = fireDue(compiled, state, waybill, nowMs);
      states.set(waybill, result.state);
      apply(result.changes);
    }
  };
  let polledAt = Number.NEGATIVE_INFINITY;
  for (const record of records) {
    const nowMs = record.publishAtMs;
    if (nowMs - polledAt >= pollMs) {
      fireAll(nowMs);
      polledAt = nowMs;
    }
    const parsed = parseRecord(
      { key: Buffer.from(record.key), value: Buffer.from(record.value), topicFamily: record.topicFamily },
      { maxBytes: 65_536, maxFutureSkewMs: 0, now: nowMs },
    );
    if (!parsed.ok) continue;
    const { event } = parsed;
    const shipmentEvent = {
      id: event.id,
      type: event.type,
      waybill: event.subject,
      timeMs: parsed.timeMs,
      data: event.data as Record<string, unknown>,
    };
    const result = evaluate(compiled, states.get(record.key), shipmentEvent, nowMs);
    states.set(record.key, result.state);
    apply(result.changes);
  }
  fireAll(endMs);
  return statusOf;
}

function compare(standards: StandardsFile, seed: number, shipments: number, timeScale: number) {
  const scenario = testScenario({ seed, shipments, faults: 'chaos', standards, timeScale });
  const reported = replay(compileStandards(standards), scenario.records, scenario.settlesAtMs + 1, 200);
  const expected = new Map(scenario.truth.map((entry: ExpectedBreach) => [entry.breachId, entry.status]));
  return { reported: Object.fromEntries(reported), expected: Object.fromEntries(expected) };
}

// Thousands of events through two evaluators: slower than a unit test usually is.
describe('the ground truth agrees with the evaluation core', { timeout: 60_000 }, () => {
  it('under the demo standards, retractions included', () => {
    const { reported, expected } = compare(DEMO_STANDARDS, 31, 600, 1 / 360);
    expect(Object.keys(expected).length).toBeGreaterThan(500);
    expect(reported).toEqual(expected);
  });

  it('under the default standards (hours and calendar days), at real-time pace', () => {
    const { reported, expected } = compare(DEFAULT_STANDARDS, 32, 400, 1);
    expect(Object.keys(expected).length).toBeGreaterThan(300);
    expect(reported).toEqual(expected);
  });
});
