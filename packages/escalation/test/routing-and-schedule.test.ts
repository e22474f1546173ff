import { sampleBreachChange } from '@slawatch/contract';
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { parse } from 'yaml';
import { parseEscalation } from '../src/load-escalation-file.js';
import type { EscalatePolicy } from '../src/policy-file.js';
import { routeBreach } from '../src/routing.js';
import { nextPosition, stepSchedule, waitAfter } from '../src/schedule.js';

const file = parseEscalation(
  'escalation.yaml',
  parse(`
targets:
  t1: { type: webhook, url: http://127.0.0.1:9/1, secret: 0123456789abcdef }
  t2: { type: webhook, url: http://127.0.0.1:9/2, secret: 0123456789abcdef }
  t3: { type: webhook, url: http://127.0.0.1:9/3, secret: 0123456789abcdef }
policies:
  critical: { kind: escalate, repeat: 3, steps: [{ notify: [t1], wait: 15m }, { notify: [t2], wait: 15m }, { notify: [t3], wait: 15m }] }
  key-accounts: { kind: escalate, steps: [{ notify: [t1, t2] }] }
  major: { kind: escalate, steps: [{ notify: [t1], wait: 60m }, { notify: [t2] }] }
  minor: { kind: digest, every: 30m, notify: [t3] }
routes:
  - { match: { segment: key_account, standard: [delivered_on_time, lost] }, policy: key-accounts }
  - { match: { severity: critical }, policy: critical }
  - { match: { severity: major, route: [inter_province, remote], element: time }, policy: major }
defaultPolicy: minor
`),
  {},
);

describe('routing', () => {
  it('takes the first route whose every field matches', () => {
    expect(routeBreach(file, sampleBreachChange({ segment: 'key_account', severity: 'critical' })).name).toBe(
      'key-accounts',
    );
    expect(
      routeBreach(
        file,
        sampleBreachChange({ segment: 'key_account', standard: 'pickup_on_time', severity: 'critical' }),
      ).name,
    ).toBe('critical');
    expect(routeBreach(file, sampleBreachChange({ severity: 'major' })).name).toBe('major');
  });

  it('falls back to the default policy when no route matches', () => {
    expect(routeBreach(file, sampleBreachChange({ severity: 'major', route: 'same_city' })).name).toBe(
      'minor',
    );
    expect(routeBreach(file, sampleBreachChange({ severity: 'major', element: 'reliability' })).name).toBe(
      'minor',
    );
    expect(routeBreach(file, sampleBreachChange({ severity: 'minor' })).policy.kind).toBe('digest');
  });
});

describe('step schedule', () => {
  it('pages tier 1 at once, tier 2 after 15 min and tier 3 after 30 min, three rounds', () => {
    const plan = stepSchedule(file.policies['critical'] as EscalatePolicy);
    expect(plan.map((p) => [p.pass, p.step, p.atMs / 60_000, p.notify.join()])).toEqual([
      [1, 1, 0, 't1'],
      [1, 2, 15, 't2'],
      [1, 3, 30, 't3'],
      [2, 1, 45, 't1'],
      [2, 2, 60, 't2'],
      [2, 3, 75, 't3'],
      [3, 1, 90, 't1'],
      [3, 2, 105, 't2'],
      [3, 3, 120, 't3'],
    ]);
  });

  it('ends after the last step of the last pass', () => {
    const major = file.policies['major'] as EscalatePolicy;
    expect(nextPosition(major, { pass: 1, step: 1 })).toEqual({ pass: 1, step: 2 });
    expect(waitAfter(major, { pass: 1, step: 1 })).toBe(3_600_000);
    expect(nextPosition(major, { pass: 1, step: 2 })).toBeUndefined();
    expect(waitAfter(major, { pass: 1, step: 2 })).toBeUndefined();
  });

  it('visits steps × repeat positions, in order, at non-decreasing times', () => {
    fc.assert(
      fc.property(
        fc.array(fc.integer({ min: 0, max: 3_600_000 }), { minLength: 1, maxLength: 6 }),
        fc.integer({ min: 1, max: 5 }),
        (waits, repeat) => {
          const policy: EscalatePolicy = {
            kind: 'escalate',
            repeat,
            group: 'none',
            steps: waits.map((wait, i) => ({ notify: [`t${i}`], wait })),
          };
          const plan = stepSchedule(policy);
          expect(plan).toHaveLength(waits.length * repeat);
          for (let i = 1; i < plan.length; i++) {
            expect(plan[i]!.atMs - plan[i - 1]!.atMs).toBe(waits[plan[i - 1]!.step - 1]);
          }
          expect(plan.at(-1)).toMatchObject({ pass: repeat, step: waits.length });
        },
      ),
      { numRuns: 200 },
    );
  });
});
