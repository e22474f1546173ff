import { fileURLToPath } from 'node:url';
import { createSimulation, type SimulatedRecord } from '@slawatch/network-simulation';
import { loadStandards } from '@slawatch/standards';
import { describe, expect, it } from 'vitest';
import { RecordQueue } from '../src/record-queue.js';
import { PublicationSchedule } from '../src/schedule.js';
import { TruthSummary } from '../src/truth-summary.js';

const standards = loadStandards(fileURLToPath(new URL('../../../standards/demo.yaml', import.meta.url)));
const START = Date.UTC(2026, 10, 29, 1);

function schedule(rate: number, durationSeconds: number, faults = 'demo') {
  return new PublicationSchedule(createSimulation({ seed: 3, standards, faults }), {
    rate,
    startMs: START,
    durationMs: durationSeconds * 1000,
  });
}

describe('PublicationSchedule', () => {
  it('starts parcels at the configured rate', () => {
    const s = schedule(20, 0);
    expect(s.startDue(START - 1)).toHaveLength(0);
    expect(s.startDue(START)).toHaveLength(1);
    expect(s.startDue(START + 999)).toHaveLength(19);
    expect(s.shipmentsStarted).toBe(20);
  });

  it('gives each started parcel its order time', () => {
    const started = schedule(4, 0).startDue(START + 1000);
    expect(started.map((shipment) => shipment.plan.events[0]!.timeMs - START)).toEqual([
      0, 250, 500, 750, 1000,
    ]);
  });

  it('hands out records only when due, in publication order, never before their time', () => {
    const s = schedule(10, 1);
    s.startDue(START + 10_000);
    const seen: SimulatedRecord[] = [];
    for (let now = START; now < START + 600_000; now += 1000) {
      const due = s.takeDue(now);
      for (const record of due) expect(record.publishAtMs).toBeLessThanOrEqual(now);
      seen.push(...due);
    }
    expect(seen.map((r) => r.publishAtMs)).toEqual([...seen.map((r) => r.publishAtMs)].sort((a, b) => a - b));
    expect(s.pendingRecords).toBe(0);
  });

  it('stops starting parcels after the duration and then finishes', () => {
    const s = schedule(10, 2, 'none');
    expect(s.startDue(START + 60_000)).toHaveLength(20);
    expect(s.finished()).toBe(false);
    s.takeDue(START + 3_600_000);
    expect(s.finished()).toBe(true);
  });

  it('runs forever with duration 0', () => {
    const s = schedule(10, 0, 'none');
    s.startDue(START + 60_000);
    s.takeDue(START + 3_600_000);
    expect(s.finished()).toBe(false);
  });

  it('publishes requeued records again', () => {
    const s = schedule(1, 0, 'none');
    s.startDue(START);
    const first = s.takeDue(START);
    expect(first).toHaveLength(1);
    s.requeue(first);
    expect(s.takeDue(START)).toEqual(first);
  });
});

describe('RecordQueue', () => {
  it('keeps equal times in the order they were added', () => {
    const queue = new RecordQueue();
    const record = (publishAtMs: number, key: string) => ({ publishAtMs, key }) as SimulatedRecord;
    for (const [time, key] of [
      [5, 'a'],
      [1, 'b'],
      [5, 'c'],
      [3, 'd'],
      [1, 'e'],
    ] as const)
      queue.push(record(time, key));
    expect(queue.takeDue(4).map((r) => r.key)).toEqual(['b', 'e', 'd']);
    expect(queue.takeDue(10).map((r) => r.key)).toEqual(['a', 'c']);
  });
});

describe('TruthSummary', () => {
  it('counts parcels by segment and fault and the breaches expected', () => {
    const s = schedule(50, 0, 'chaos');
    const summary = new TruthSummary();
    const started = s.startDue(START + 999);
    for (const shipment of started) summary.add(shipment);
    const view = summary.snapshot();
    expect(view.shipmentsStarted).toBe(50);
    expect(Object.values(view.bySegment).reduce((a, b) => a + b, 0)).toBe(50);
    expect(Object.values(view.expected).reduce((a, b) => a + b, 0)).toBe(
      started.flatMap((x) => x.truth).length,
    );
    expect(view.settlesAtMs).toBe(Math.max(...started.map((x) => x.settlesAtMs)));
  });
});
