import { describe, expect, it } from 'vitest';
import { createSimulation, simulateShipment } from '../src/index.js';
import { DEMO_STANDARDS, START_MS, testScenario } from './support.js';

const scenario = (seed: number) => testScenario({ seed, shipments: 300, faults: 'chaos' });

describe('generateScenario', () => {
  it('gives the same records and truth for the same seed', () => {
    const first = scenario(11);
    const second = scenario(11);
    expect(second.records).toEqual(first.records);
    expect(second.truth).toEqual(first.truth);
  });

  it('gives different shipments for another seed', () => {
    const values = (seed: number) => scenario(seed).records.map((record) => String(record.value));
    expect(values(12)).not.toEqual(values(11));
  });

  it('gives shipment n the same content however many came before it', () => {
    const simulation = createSimulation({ seed: 5, faults: 'demo', standards: DEMO_STANDARDS });
    const alone = simulateShipment(simulation, 250, START_MS);
    const inScenario = testScenario({ seed: 5, shipments: 251, faults: 'demo', startMs: START_MS - 250 * 50 })
      .shipments[250];
    expect(inScenario?.records).toEqual(alone.records);
  });

  it('publishes in time order, never before an event happened', () => {
    const { records, shipments } = scenario(3);
    for (let i = 1; i < records.length; i++) {
      expect(records[i]!.publishAtMs).toBeGreaterThanOrEqual(records[i - 1]!.publishAtMs);
    }
    const eventTime = new Map(shipments.flatMap((s) => s.plan.events.map((e) => [e.id, e.timeMs] as const)));
    for (const record of records.filter((r) => r.valid)) {
      expect(record.publishAtMs).toBeGreaterThanOrEqual(eventTime.get(record.eventId!)!);
    }
  });
});
