import { sampleBreachChange } from '@slawatch/contract';
import { describe, expect, it } from 'vitest';
import { parse } from 'yaml';
import { groupKey, groupLabels, groupValue } from '../src/grouping.js';
import { parseEscalation } from '../src/load-escalation-file.js';
import { routeBreach } from '../src/routing.js';

const FILE = `
targets:
  tier-1: { type: webhook, url: http://127.0.0.1:9/a, secret: 0123456789abcdef }
policies:
  page:
    kind: escalate
    steps: [{ notify: [tier-1] }]
    group: { by: [standard, facility], wait: 30s, interval: 5m, repeat: 1h }
  single: { kind: escalate, steps: [{ notify: [tier-1] }] }
routes:
  - { match: { segment: key_account, standard: lost }, policy: page, group: none }
  - { match: { severity: critical }, policy: page }
defaultPolicy: single
`;

const file = parseEscalation('escalation.yaml', parse(FILE), {});

describe('grouping breaches into incidents', () => {
  it('reads by, wait, interval and repeat; a policy without group pages per breach', () => {
    expect(file.policies['page']).toMatchObject({
      group: { by: ['standard', 'facility'], wait: 30_000, interval: 300_000, repeat: 3_600_000 },
    });
    expect(file.policies['single']).toMatchObject({ group: 'none' });
  });

  it('lets a route override its policy: a key account lost parcel pages alone', () => {
    const lost = sampleBreachChange({ segment: 'key_account', standard: 'lost', severity: 'critical' });
    expect(routeBreach(file, lost)).toMatchObject({ name: 'page', grouping: 'none' });
    const late = sampleBreachChange({ severity: 'critical' });
    expect(routeBreach(file, late).grouping).toMatchObject({ by: ['standard', 'facility'] });
    expect(routeBreach(file, sampleBreachChange({ severity: 'minor' })).grouping).toBe('none');
  });

  it('refuses an unknown grouping field, naming the file and the path', () => {
    const bad = FILE.replace('by: [standard, facility]', 'by: [standard, warehouse]');
    expect(() => parseEscalation('escalation.yaml', parse(bad), {})).toThrow(/policies\.page\.group/);
  });

  it('reads each field from the breach and its cause; unknown values group together', () => {
    const breach = sampleBreachChange();
    expect(groupValue(breach, 'facility')).toBe('hub:HGH01');
    expect(groupValue(breach, 'lane')).toBe('Hangzhou→Shanghai');
    expect(groupValue(breach, 'customer')).toBe('C-100482');
    expect(groupValue(breach, 'courier')).toBe('-');
    const { cause: _cause, ...withoutCause } = breach;
    expect(groupValue(withoutCause, 'facility')).toBe('-');
    const courier = sampleBreachChange({
      cause: { lastSeen: { kind: 'outlet', id: 'BJ01', at: breach.detectedAt, courierId: 'K7' } },
    });
    expect(groupValue(courier, 'courier')).toBe('K7');
    expect(groupValue(courier, 'facility')).toBe('outlet:BJ01');
  });

  it('puts breaches sharing the values under one group key, per policy', () => {
    const grouping = { by: ['standard', 'facility'] as Array<'standard' | 'facility'>, wait: 0, interval: 1 };
    const a = groupLabels(grouping, sampleBreachChange({ waybill: 'A' }));
    const b = groupLabels(grouping, sampleBreachChange({ waybill: 'B', segment: 'sme' }));
    expect(groupKey('page', a)).toBe(groupKey('page', b));
    expect(groupKey('page', a)).not.toBe(groupKey('other', a));
    expect(groupKey('page', a)).toMatch(/^[A-Za-z0-9_-]{16}$/);
  });
});
