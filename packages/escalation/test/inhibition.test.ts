import { type BreachChange, sampleBreachChange } from '@slawatch/contract';
import { ConfigFileError } from '@slawatch/validation';
import { describe, expect, it } from 'vitest';
import { parse } from 'yaml';
import {
  facilityPolicy,
  globMatches,
  inhibitionGroup,
  inhibitionGrouping,
  inhibits,
  rulesExplaining,
  rulesFor,
} from '../src/inhibition.js';
import { parseEscalation } from '../src/load-escalation-file.js';

const FILE = `
targets:
  tier-1: { type: webhook, url: http://127.0.0.1:9/a, secret: 0123456789abcdef }
  hub-ops: { type: webhook, url: http://127.0.0.1:9/b, secret: 0123456789abcdef }
policies:
  page:
    kind: escalate
    steps: [{ notify: [tier-1] }]
    group: { by: [standard, facility], wait: 30s }
  hub-page: { kind: escalate, steps: [{ notify: [hub-ops] }] }
  hangzhou-hubs: { kind: escalate, steps: [{ notify: [hub-ops, tier-1] }] }
  digest: { kind: digest, every: 30m, notify: [tier-1] }
defaultPolicy: page
inhibit:
  - name: hub-outage
    by: facility
    keys: ['hub:*']
    match: { severity: [critical, major] }
    except: { segment: key_account }
    threshold: { count: 3 }
    window: 2h
    severity: critical
    policy: hub-page
    routes: [{ key: 'hub:HGH*', policy: hangzhou-hubs }]
    wait: 10s
    interval: 5m
  - name: courier-down
    by: courier
    threshold: { count: 20 }
    severity: major
    policy: hub-page
`;

const file = parseEscalation('escalation.yaml', parse(FILE), {});
const [hubRule, courierRule] = file.inhibit;

function atHub(hub: string, overrides: Partial<BreachChange> = {}): BreachChange {
  return sampleBreachChange({
    severity: 'critical',
    cause: {
      lastSeen: { kind: 'hub', id: hub, at: '2026-11-28T08:00:00.000Z', courierId: 'K7' },
      originCity: 'Hangzhou',
      destinationCity: 'Beijing',
      lane: 'Hangzhou→Beijing',
      customerId: 'C-1',
    },
    ...overrides,
  });
}

function problemsOf(text: string): string[] {
  try {
    parseEscalation('escalation.yaml', parse(text), {});
  } catch (error) {
    if (error instanceof ConfigFileError) return error.problems.map((p) => `${p.path}: ${p.message}`);
    throw error;
  }
  return [];
}

describe('inhibit rules in the escalation file', () => {
  it('reads the rule with its defaults; no inhibit section means no rules', () => {
    expect(hubRule).toMatchObject({
      name: 'hub-outage',
      by: 'facility',
      keys: ['hub:*'],
      threshold: { count: 3 },
      window: 7_200_000,
      severity: 'critical',
      wait: 10_000,
      interval: 300_000,
    });
    expect(courierRule).toMatchObject({ keys: ['*'], match: {}, wait: 0, interval: 300_000 });
    expect(courierRule?.except).toBeUndefined();
    const without = FILE.slice(0, FILE.indexOf('inhibit:'));
    expect(parseEscalation('escalation.yaml', parse(without), {}).inhibit).toEqual([]);
  });

  it('refuses a share threshold (not built), an unknown or digest policy and a repeated name', () => {
    const broken = FILE.replace('threshold: { count: 3 }', 'threshold: { share: 0.2 }')
      .replace('policy: hub-page\n    routes', 'policy: digest\n    routes')
      .replace('policy: hangzhou-hubs }]', 'policy: hangzhou }]')
      .replace('name: courier-down', 'name: hub-outage');
    expect(problemsOf(broken)).toEqual([
      "inhibit[0].threshold.share: a share of a facility's in-flight parcels is not built (the monitor keeps no in-flight count per facility); use count, got 0.2",
      'inhibit[0].policy: expected a policy of kind escalate (a facility incident is paged), got digest policy "digest"',
      'inhibit[0].routes[0].policy: expected one of the policies (page, hub-page, hangzhou-hubs, digest), got "hangzhou"',
      'inhibit[1].name: expected a name no other inhibit rule has, got "hub-outage" twice',
    ]);
    expect(problemsOf(FILE.replace('threshold: { count: 3 }', 'threshold: {}'))).toEqual([
      'inhibit[0].threshold.count: expected a count of open breaches (e.g. 200), got nothing',
    ]);
    expect(problemsOf(FILE.replace('by: courier', 'by: customer'))[0]).toMatch(/^inhibit\[1\]\.by: /);
  });
});

describe('which rules count a breach', () => {
  it('counts a breach under each rule that matches it, by the value of its field', () => {
    const hits = rulesFor(file.inhibit, atHub('HGH01'));
    expect(hits.map((h) => [h.rule.name, h.key, h.spared])).toEqual([
      ['hub-outage', 'hub:HGH01', false],
      ['courier-down', 'K7', false],
    ]);
  });

  it('leaves out breaches the rule does not match, values it does not watch and unknown values', () => {
    expect(rulesFor([hubRule!], atHub('HGH01', { severity: 'minor' }))).toEqual([]);
    const outlet = atHub('X', {
      cause: { lastSeen: { kind: 'outlet', id: '330110', at: '2026-11-28T08:00:00.000Z' } },
    });
    expect(rulesFor([hubRule!], outlet)).toEqual([]);
    expect(rulesFor(file.inhibit, sampleBreachChange({ severity: 'critical', cause: undefined }))).toEqual(
      [],
    );
  });

  it('counts an excepted breach but spares it: it is never suppressed', () => {
    const [hit] = rulesFor([hubRule!], atHub('HGH01', { segment: 'key_account' }));
    expect(hit).toMatchObject({ key: 'hub:HGH01', spared: true });
    expect(inhibits(hit!, { open: 100, incidentOpen: true })).toBe(false);
  });
});

describe('crossing the threshold', () => {
  const [hit] = rulesFor([hubRule!], atHub('HGH01'));
  it('suppresses from the breach that brings the count to the threshold on, and while the incident is open', () => {
    expect(inhibits(hit!, { open: 2, incidentOpen: false })).toBe(false);
    expect(inhibits(hit!, { open: 3, incidentOpen: false })).toBe(true);
    expect(inhibits(hit!, { open: 1, incidentOpen: true })).toBe(true);
  });

  it("routes the facility incident to the facility's own policy, else the rule's", () => {
    expect(facilityPolicy(hubRule!, 'hub:HGH01')).toBe('hangzhou-hubs');
    expect(facilityPolicy(hubRule!, 'hub:SHA02')).toBe('hub-page');
  });

  it("keeps each rule's values in groups of their own, apart from every policy's", () => {
    expect(inhibitionGroup(hubRule!, 'hub:HGH01')).toMatch(/^[A-Za-z0-9_-]{16}$/);
    expect(inhibitionGroup(hubRule!, 'hub:HGH01')).not.toBe(inhibitionGroup(hubRule!, 'hub:HGH02'));
    expect(inhibitionGroup(hubRule!, 'K7')).not.toBe(inhibitionGroup(courierRule!, 'K7'));
    expect(inhibitionGrouping(hubRule!)).toEqual({ by: ['facility'], wait: 10_000, interval: 300_000 });
  });

  it('matches values with * as any run of characters and nothing else special', () => {
    expect(globMatches('hub:*', 'hub:HGH01')).toBe(true);
    expect(globMatches('hub:*', 'outlet:1')).toBe(false);
    expect(globMatches('hub:HGH*', 'hub:HGH01')).toBe(true);
    expect(globMatches('a.b', 'axb')).toBe(false);
    expect(globMatches('Hangzhou→*', 'Hangzhou→Beijing')).toBe(true);
  });
});

describe('incidents a facility incident explains', () => {
  const incident = {
    labels: { standard: 'tracking_keeps_moving', facility: 'hub:HGH01' },
    severity: 'critical',
    standard: 'tracking_keeps_moving',
    mixedStandards: false,
  };
  it('are grouped by the same field with a watched value, and fit the severity the rule matches', () => {
    expect(rulesExplaining(file.inhibit, incident).map((r) => [r.rule.name, r.key])).toEqual([
      ['hub-outage', 'hub:HGH01'],
    ]);
    expect(rulesExplaining(file.inhibit, { ...incident, severity: 'minor' })).toEqual([]);
    expect(rulesExplaining(file.inhibit, { ...incident, labels: { standard: 'x' } })).toEqual([]);
    expect(rulesExplaining(file.inhibit, { ...incident, labels: { facility: 'outlet:330110' } })).toEqual([]);
  });
});
