import { describe, expect, it } from 'vitest';
import { hubOutageScenario } from '../src/index.js';

describe('hub outage', () => {
  const scenario = hubOutageScenario({
    hub: 'HGH01',
    parcels: 100,
    startMs: 1_000_000,
    arrivalsOverMs: 10_000,
    recoveryAfterMs: 60_000,
    backgroundPerSecond: 6,
    backgroundDarkMs: 20_000,
    backgroundForMs: 10_000,
    waybillPrefix: 'T',
  });
  const events = scenario.records.map((r) => ({ ...r, event: JSON.parse(String(r.value)) }));

  it('holds every parcel at the hub from its arrival scan until the recovery', () => {
    expect(scenario.outageWaybills).toHaveLength(100);
    expect(scenario.recoveryMs).toBe(1_060_000);
    for (const waybill of scenario.outageWaybills) {
      const scans = events.filter((r) => r.waybill === waybill && r.eventType === 'dispatch.hub_scan');
      expect(scans.map((s) => s.event.data)).toEqual([
        { facility: 'HGH01', direction: 'arrival' },
        { facility: 'HGH01', direction: 'departure' },
      ]);
      expect(Date.parse(scans[1]!.event.time)).toBe(scenario.recoveryMs);
      expect(Date.parse(scans[0]!.event.time)).toBeLessThan(1_010_000);
    }
  });

  it('sends each background parcel dark at a hub of its own, six a second', () => {
    expect(scenario.backgroundWaybills).toHaveLength(60);
    const hubs = new Set(
      events
        .filter((r) => scenario.backgroundWaybills.includes(r.waybill) && r.eventType === 'dispatch.hub_scan')
        .map((r) => r.event.data.facility),
    );
    expect(hubs.size).toBe(60);
  });

  it('publishes every record at its event time, in order, as valid CloudEvents', () => {
    for (const record of events) {
      expect(record.publishAtMs).toBe(Date.parse(record.event.time));
      expect(record.event.subject).toBe(record.waybill);
    }
    const times = scenario.records.map((r) => r.publishAtMs);
    expect(times).toEqual([...times].sort((a, b) => a - b));
  });
});
