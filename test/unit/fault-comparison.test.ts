import { describe, expect, it } from 'vitest';
import {
  type Change,
  compareBreaches,
  compareNotifications,
  compareWithTruth,
  type OffsetSample,
  readinessWrongSeconds,
  recoverySeconds,
  relativeBreachId,
} from '../../bench/faults/comparison.js';
import type { Delivery } from '../../bench/faults/receiver.js';
import { sectionText } from '../../bench/results-file.js';

const change = (breachId: string, status: string): Change => ({
  breachId,
  status,
  waybill: breachId.split(':')[0]!,
});
const judged = new Set(['W1', 'W2', 'W3', 'W4']);

describe('breach comparison of a faulted run with a clean run', () => {
  const clean = [
    change('W1:pickup_on_time:breach:1', 'open'),
    change('W2:delivered_on_time:breach:1', 'open'),
    change('W2:delivered_on_time:breach:1', 'retracted'),
    change('W3:pickup_on_time:breach:1', 'open'),
  ];

  it('finds nothing when the faulted run said the same, repeats included', () => {
    const faulted = [...clean, change('W1:pickup_on_time:breach:1', 'open')];
    expect(compareBreaches(clean, faulted, judged)).toMatchObject({
      breachesLost: 0,
      breachesOpenedTwice: 0,
      falseOpens: 0,
      changesRepublished: 1,
    });
  });

  it('counts a breach that never opened as lost, but a retracted one never opened as right', () => {
    const faulted = [change('W1:pickup_on_time:breach:1', 'open')];
    const result = compareBreaches(clean, faulted, judged);
    expect(result.breachesLost).toBe(1);
    expect(result.examples.lost).toEqual(['W3:pickup_on_time:breach:1 open→none']);
  });

  it('counts a breach opened again after its retraction, and one the clean run never opened', () => {
    const faulted = [
      ...clean,
      change('W2:delivered_on_time:breach:1', 'open'),
      change('W2:delivered_on_time:breach:1', 'retracted'),
      change('W4:tracking_keeps_moving:breach:+3350', 'open'),
      change('W4:tracking_keeps_moving:breach:+3350', 'retracted'),
    ];
    expect(compareBreaches(clean, faulted, judged)).toMatchObject({
      breachesLost: 0,
      breachesOpenedTwice: 1,
      falseOpens: 1,
    });
  });

  it("does not call an open false when the simulator's truth opens and retracts it by design", () => {
    const faulted = [
      ...clean,
      change('W4:delivered_on_time:breach:1', 'open'),
      change('W4:delivered_on_time:breach:1', 'retracted'),
    ];
    const lateUpstream = new Set(['W4:delivered_on_time:breach:1']);
    expect(compareBreaches(clean, faulted, judged).falseOpens).toBe(1);
    expect(compareBreaches(clean, faulted, judged, lateUpstream).falseOpens).toBe(0);
  });

  it('judges only the waybills that settled inside the input', () => {
    const faulted = [...clean, change('W9:pickup_on_time:breach:1', 'open')];
    expect(compareBreaches(clean, faulted, judged).falseOpens).toBe(0);
  });

  it('compares with the truth, retracted as none', () => {
    const truth = [
      { breachId: 'W1:pickup_on_time:breach:1', status: 'open' },
      { breachId: 'W2:delivered_on_time:breach:1', status: 'retracted' },
      { breachId: 'W4:pickup_on_time:breach:1', status: 'open' },
    ];
    expect(compareWithTruth(clean, truth, judged)).toEqual({ truthBreaches: 2, missed: 1, spurious: 1 });
  });

  it('names a silence breach by its occurrence relative to the run, other breaches as they are', () => {
    expect(relativeBreachId('W1:tracking_keeps_moving:warn:1800000003350', 1800000000000)).toBe(
      'W1:tracking_keeps_moving:warn:+3350',
    );
    expect(relativeBreachId('W1:pickup_on_time:breach:1', 1800000000000)).toBe('W1:pickup_on_time:breach:1');
  });
});

describe('notification comparison', () => {
  const delivery = (identity: string, idempotencyKey?: string): Delivery => ({
    identity,
    idempotencyKey,
    idempotencyHeader: idempotencyKey === undefined ? undefined : 'idempotency-key',
    atMs: 0,
  });
  const settled = new Set(['W1:pickup_on_time:breach:1']);

  it('tells a redelivery a receiver can drop by its key from a page sent twice', () => {
    const clean = [delivery('breach|W1:pickup_on_time:breach:1|1', 'k1')];
    const faulted = [
      delivery('breach|W1:pickup_on_time:breach:1|1', 'k1'),
      delivery('breach|W1:pickup_on_time:breach:1|1', 'k1'),
      delivery('breach|W1:pickup_on_time:breach:1|1'),
    ];
    expect(compareNotifications(clean, faulted, { settled, faultedFinal: new Map() })).toMatchObject({
      notificationsLost: 0,
      notificationsSentTwice: 1,
      redeliveredWithKey: 1,
      extraNotifications: 0,
    });
  });

  it('counts a page the clean run sent and this one did not, for settled breaches only', () => {
    const clean = [
      delivery('breach|W1:pickup_on_time:breach:1|1'),
      delivery('breach|W2:delivered_on_time:breach:1|1'),
    ];
    const faultedFinal = new Map([['W1:pickup_on_time:breach:1', 'open']]);
    expect(compareNotifications(clean, [], { settled, faultedFinal })).toMatchObject({
      notificationsLost: 1,
      endedBeforePaged: 0,
    });
  });

  it('tells a breach that ended before its page from a lost page, and a notice after a page from none', () => {
    const resolvedBreach = 'W1:pickup_on_time:breach:1';
    const clean = [delivery(`breach|${resolvedBreach}|1`), delivery(`resolved|${resolvedBreach}|resolved`)];
    const faultedFinal = new Map([[resolvedBreach, 'resolved']]);
    expect(compareNotifications(clean, [], { settled, faultedFinal })).toMatchObject({
      notificationsLost: 0,
      endedBeforePaged: 1,
    });
    const pagedOnly = [delivery(`breach|${resolvedBreach}|1`)];
    expect(compareNotifications(clean, pagedOnly, { settled, faultedFinal })).toMatchObject({
      notificationsLost: 1,
      endedBeforePaged: 0,
    });
  });
});

const offsets = (atMs: number, committed: number, end: number): OffsetSample => ({
  atMs,
  partitions: new Map([['orders/0', { committed, end }]]),
});

describe('progress and readiness from the broker offsets', () => {
  // Committing until 10 s, nothing from 10 s to 30 s while records keep coming, then catching up.
  const samples = [
    ...Array.from({ length: 10 }, (_, s) => offsets(s * 1000, s * 10, s * 10 + 5)),
    ...Array.from({ length: 20 }, (_, i) => offsets((10 + i) * 1000, 100, 100 + i * 10)),
    offsets(30_000, 150, 300),
    offsets(31_000, 300, 300),
  ];
  const groups = new Map([['monitor', samples]]);

  it('finds when processing resumed and caught up after the fault ended', () => {
    expect(recoverySeconds(groups, [25_000])).toEqual({ resumedSeconds: 5, caughtUpSeconds: 6 });
  });

  it('counts seconds ready while the partition had work and no progress beyond the grace', () => {
    const ready = (atMs: number, assignedAtMs = 0) => ({
      atMs,
      service: 'monitor-1',
      group: 'monitor',
      ready: true,
      assignment: ['orders/0'],
      assignedAtMs,
    });
    const readiness = Array.from({ length: 32 }, (_, s) => ready(s * 1000));
    // Records waiting from 11 s and nothing committed 7 s later: wrong from 18 s, until 2 s before
    // the commit at 30 s shows (a commit is seen a sample or two late): 18…27 s.
    expect(readinessWrongSeconds(readiness, groups, { graceMs: 7000, sampleMs: 1000 }).seconds).toBe(10);
    // A partition taken over at 20 s gets its grace from then.
    const takenOver = readiness.map((sample) => ({ ...sample, assignedAtMs: 20_000 }));
    expect(
      readinessWrongSeconds(
        takenOver.filter((sample) => sample.atMs >= 20_000),
        groups,
        { graceMs: 7000, sampleMs: 1000 },
      ).seconds,
    ).toBe(1);
    const notReady = readiness.map((sample) => ({ ...sample, ready: false }));
    expect(readinessWrongSeconds(notReady, groups, { graceMs: 7000, sampleMs: 1000 }).seconds).toBe(0);
  });

  it('takes a broker that does not answer for longer than the grace for a consumer that cannot consume', () => {
    const away = new Map([
      [
        'monitor',
        [
          ...samples.slice(0, 5),
          ...Array.from({ length: 10 }, (_, i) => ({ atMs: (5 + i) * 1000, partitions: undefined })),
        ],
      ],
    ]);
    const readyAt = (atMs: number) => ({
      atMs,
      service: 'monitor-1',
      group: 'monitor',
      ready: true,
      assignment: ['orders/0'],
      assignedAtMs: 0,
    });
    // Silent since 5 s: within the 7 s grace at 6 s, beyond it at 13 s.
    const options = { graceMs: 7000, sampleMs: 1000 };
    expect(readinessWrongSeconds([readyAt(6000)], away, options).seconds).toBe(0);
    expect(readinessWrongSeconds([readyAt(13_000)], away, options).seconds).toBe(1);
  });
});

describe('a benchmark section written as a table', () => {
  it('replaces the figure rows with the table', () => {
    const text = sectionText({
      name: 'faults',
      description: 'Faults',
      command: 'bash scripts/bench.sh faults',
      measuredAt: new Date('2026-12-02T10:00:00.000Z'),
      machine: '2 × test CPU',
      figures: { scenarios: {} },
      table: '| scenario | lost |\n| --- | --- |\n| a | 0 |',
    });
    expect(text).toContain('| a | 0 |');
    expect(text).not.toContain('| figure | value |');
  });
});
