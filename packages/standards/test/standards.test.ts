import { fileURLToPath } from 'node:url';
import { ConfigFileError } from '@slawatch/validation';
import { describe, expect, it } from 'vitest';
import {
  classifyRoute,
  EVENT_TYPES,
  endOfBusinessDay,
  loadStandards,
  parseDuration,
  parseStandards,
  zoneOffsetMs,
} from '../src/index.js';

const repoFile = (relative: string) => fileURLToPath(new URL(`../../../${relative}`, import.meta.url));

/** A small valid file; tests break one thing in it at a time. */
const minimal = `
version: "t1"
timezone: Asia/Shanghai
cutoff: "18:00"
segments: [key_account, individual]
products: [standard]
routes: { remoteProvinces: [Xinjiang] }
finishedBy: [delivery.delivered]
standards:
  - id: pickup_on_time
    title: Pickup on time
    element: time
    phase: transaction
    severity: { default: major, key_account: critical }
    rule:
      kind: deadline
      start: order.created
      stop: dispatch.picked_up
      limits:
        - when: { segment: key_account }
          breach: 4h
        - breach: 2h
`;

function problemsOf(text: string): string[] {
  try {
    parseStandards('test.yaml', text);
  } catch (error) {
    expect(error).toBeInstanceOf(ConfigFileError);
    return (error as ConfigFileError).problems.map((p) => `${p.path}: ${p.message}`);
  }
  return [];
}

/** As problemsOf, with the line each problem is written on. */
function problemsWithLines(text: string): string[] {
  try {
    parseStandards('test.yaml', text);
  } catch (error) {
    return (error as ConfigFileError).problems.map((p) => `line ${p.line}, ${p.path}: ${p.message}`);
  }
  return [];
}

describe('loading the standards', () => {
  it('accepts the shipped default and demo files', () => {
    const defaults = loadStandards(repoFile('standards/default.yaml'));
    expect(defaults.standards.map((s) => s.id)).toEqual([
      'pickup_on_time',
      'order_information_accuracy',
      'stockout',
      'tracking_keeps_moving',
      'delivered_on_time',
      'lost',
      'delivery_attempt_made',
      'delivery_attempts_limit',
      'delivered_intact_and_complete',
      'consented_handover',
      'complaint_answered',
      'claim_settled',
    ]);
    const demo = loadStandards(repoFile('standards/demo.yaml'));
    expect(demo.standards.map((s) => s.id)).toEqual(defaults.standards.map((s) => s.id));
  });

  it('carries the service-level objectives for on-time delivery', () => {
    const onTime = loadStandards(repoFile('standards/default.yaml')).standards.find(
      (s) => s.id === 'delivered_on_time',
    );
    expect(onTime?.objectives).toEqual({
      window: '30d',
      target: { key_account: 0.98, ecommerce: 0.95, sme: 0.95, individual: 0.93 },
      benchmark: 0.8439,
      benchmarkSource: 'industry 72-hour on-time rate, State Post Bureau, Q1-Q3 2024',
    });
  });

  it('names whom a benchmark measures only beside a benchmark', () => {
    const text = `${minimal}    objectives:\n      target: 0.95\n      benchmarkSource: a rival\n`;
    expect(problemsOf(text)).toEqual([
      'standards[0].objectives.benchmark: expected a benchmark beside benchmarkSource, got nothing',
    ]);
    const both = parseStandards(
      'test.yaml',
      text.replace('      benchmarkSource', '      benchmark: 0.9\n      benchmarkSource'),
    );
    expect(both.standards[0]?.objectives).toMatchObject({ benchmark: 0.9, benchmarkSource: 'a rival' });
  });

  it('accepts the minimal file and fills defaults', () => {
    const file = parseStandards('test.yaml', minimal);
    expect(file.standards[0]?.appliesTo).toEqual({});
    expect(file.standards[0]?.rule).toMatchObject({
      start: ['order.created'],
      stop: ['dispatch.picked_up'],
      cancelledBy: [],
    });
  });

  it('names the file and the path when the file is missing', () => {
    expect(() => loadStandards('/nonexistent/standards.yaml')).toThrow(
      /standards\.yaml is not valid:\n {2}\(file\): file not found/,
    );
  });

  it('refuses a standard id too long for breach ids in links (over 100 characters)', () => {
    const long = `s${'_x'.repeat(50)}`;
    expect(problemsOf(minimal.replace('id: pickup_on_time', `id: ${long}`))).toEqual([
      expect.stringMatching(/^standards\[0\]\.id: expected a name of at most 100 characters/),
    ]);
  });

  it('names the path of a bad duration', () => {
    expect(problemsOf(minimal.replace('breach: 2h', 'breach: two hours'))).toEqual([
      expect.stringMatching(/^standards\[0\]\.rule\.limits\[1\]\.breach: expected a duration/),
    ]);
  });

  it('names the path of an unknown event type', () => {
    const problems = problemsOf(minimal.replace('stop: dispatch.picked_up', 'stop: dispatch.picked'));
    expect(problems[0]).toMatch(/^standards\[0\]\.rule\.stop/);
  });

  it('a typo in an event type gets the line, the allowed event types and the closest one', () => {
    const text = minimal.replace('stop: dispatch.picked_up', 'stop: dispatch.pickedup');
    expect(() => parseStandards('standards/mine.yaml', text)).toThrowError(
      'standards/mine.yaml is not valid:\n' +
        `  line 18, standards[0].rule.stop: expected one of ${EVENT_TYPES.join(', ')}, ` +
        'got "dispatch.pickedup" (did you mean "dispatch.picked_up"?)',
    );
    // In a list, the element is named and located; the same in the file on disk.
    const listed = minimal.replace(
      'stop: dispatch.picked_up',
      'stop:\n        - dispatch.picked_up\n        - delivery.deliverd',
    );
    expect(problemsWithLines(listed)).toEqual([
      `line 20, standards[0].rule.stop[1]: expected one of ${EVENT_TYPES.join(', ')}, got "delivery.deliverd" (did you mean "delivery.delivered"?)`,
    ]);
  });

  it('locates schema and cross-check problems, an unknown field at its key, a missing one at its parent', () => {
    expect(problemsWithLines(minimal.replace('segment: key_account }', 'segment: vip }'))).toEqual([
      'line 20, standards[0].rule.limits[0].when.segment[0]: unknown segment: expected one of key_account, individual, got "vip"',
    ]);
    expect(
      problemsWithLines(minimal.replace('    element: time', '    elemnt: time\n    element: time')),
    ).toEqual(['line 12, standards[0]: unknown field elemnt']);
    expect(problemsWithLines(minimal.replace('    phase: transaction\n', ''))).toEqual([
      'line 10, standards[0].phase: expected one of pre_transaction, transaction, post_transaction, got nothing',
    ]);
    expect(problemsWithLines(minimal.replace('Asia/Shanghai', 'Mars/Olympus'))).toEqual([
      'line 3, timezone: expected an IANA time zone such as Asia/Shanghai, got unknown "Mars/Olympus"',
    ]);
  });

  it('rejects unknown segments, products and routes where standards name them', () => {
    expect(problemsOf(minimal.replace('segment: key_account }', 'segment: vip }'))).toEqual([
      'standards[0].rule.limits[0].when.segment[0]: unknown segment: expected one of key_account, individual, got "vip"',
    ]);
    expect(
      problemsOf(
        minimal.replace('    element: time', '    appliesTo: { products: [same_day] }\n    element: time'),
      ),
    ).toEqual([
      'standards[0].appliesTo.products[0]: unknown product: expected one of standard, got "same_day"',
    ]);
    expect(problemsOf(minimal.replace('segment: key_account }', 'route: nearby }'))[0]).toMatch(
      /^standards\[0\]\.rule\.limits\[0\]\.when\.route/,
    );
    expect(problemsOf(minimal.replace('key_account: critical', 'vip: critical'))).toEqual([
      'standards[0].severity.vip: unknown segment: expected one of default, key_account, individual, got "vip"',
    ]);
  });

  it('rejects an unknown time zone, a bad cut-off and unknown fields', () => {
    expect(problemsOf(minimal.replace('Asia/Shanghai', 'Mars/Olympus'))).toEqual([
      'timezone: expected an IANA time zone such as Asia/Shanghai, got unknown "Mars/Olympus"',
    ]);
    expect(problemsOf(minimal.replace('"18:00"', '"6pm"'))[0]).toMatch(
      /^cutoff: expected a local time HH:MM/,
    );
    expect(problemsOf(minimal.replace('    element: time', '    elemnt: time\n    element: time'))).toEqual([
      'standards[0]: unknown field elemnt',
    ]);
  });

  it('rejects a reference to an unknown standard and a reference loop', () => {
    const referring = `${minimal}
  - id: lost
    title: Lost
    element: reliability
    phase: transaction
    severity: critical
    rule:
      kind: deadline
      start: order.created
      stop: delivery.delivered
      limits:
        - breach: { of: OTHER, plus: 3d }
`;
    expect(problemsOf(referring.replace('OTHER', 'delivered_on_time'))).toEqual([
      'standards[1].rule.limits[0].breach.of: unknown standard: expected one of pickup_on_time, lost, got "delivered_on_time"',
    ]);
    expect(problemsOf(referring.replace('OTHER', 'lost'))).toEqual([
      'standards[1].rule.limits: standard "lost" refers back to itself through "of"',
    ]);
    expect(problemsOf(referring.replace('OTHER', 'pickup_on_time'))).toEqual([]);
  });

  it('requires plain durations for silence and one operator per field test', () => {
    const silence = minimal.replace(
      /rule:[\s\S]*$/,
      `rule:
      kind: silence
      since: dispatch.picked_up
      until: delivery.delivered
      limits:
        - warn: { endOfDay: 1 }
`,
    );
    expect(problemsOf(silence)).toEqual([
      'standards[0].rule.limits[0].warn: a silence threshold must be a duration such as "24h"',
    ]);
    const condition = minimal.replace(
      /rule:[\s\S]*$/,
      `rule:
      kind: condition
      anyOf:
        - event: delivery.delivered
          when: { field: condition, equals: damaged, in: [damaged] }
`,
    );
    expect(problemsOf(condition)[0]).toMatch(
      /^standards\[0\]\.rule\.anyOf\[0\]\.when: expected exactly one of equals, notEquals, in, notIn/,
    );
  });
});

describe('durations', () => {
  it('parses single and compound durations', () => {
    expect(parseDuration('45s')).toBe(45_000);
    expect(parseDuration('30m')).toBe(1_800_000);
    expect(parseDuration('2h')).toBe(7_200_000);
    expect(parseDuration('3d')).toBe(259_200_000);
    expect(parseDuration('1h30m')).toBe(5_400_000);
    expect(() => parseDuration('2 hours')).toThrow(/not a duration/);
  });
});

describe('route classes', () => {
  const remote = ['Xinjiang', 'Xizang', 'Tibet'];
  const at = (province: string, city: string) => ({ province, city });

  it('classifies same city, same province, other province and remote', () => {
    expect(classifyRoute(at('Shanghai', 'Shanghai'), at('Shanghai', 'Shanghai'), remote)).toBe('same_city');
    expect(classifyRoute(at('Jiangsu', 'Suzhou'), at('Jiangsu', 'Nanjing'), remote)).toBe('intra_province');
    expect(classifyRoute(at('Shanghai', 'Shanghai'), at('Beijing', 'Beijing'), remote)).toBe(
      'inter_province',
    );
    expect(classifyRoute(at('Shanghai', 'Shanghai'), at('xinjiang', 'Kashgar'), remote)).toBe('remote');
    expect(classifyRoute(at('Tibet', 'Lhasa'), at('Sichuan', 'Chengdu'), remote)).toBe('remote');
    expect(classifyRoute(at('Xinjiang', 'Urumqi'), at('Xinjiang', 'Kashgar'), remote)).toBe('remote');
  });

  it('keeps a delivery inside one remote city same_city', () => {
    expect(classifyRoute(at('Xinjiang', 'Urumqi'), at('Xinjiang', 'Urumqi'), remote)).toBe('same_city');
  });
});

describe('calendar', () => {
  it('finds the +8 h offset of Asia/Shanghai and follows daylight saving elsewhere', () => {
    expect(zoneOffsetMs('Asia/Shanghai', Date.parse('2026-07-01T00:00:00Z'))).toBe(8 * 3_600_000);
    expect(zoneOffsetMs('Europe/Berlin', Date.parse('2026-07-01T00:00:00Z'))).toBe(2 * 3_600_000);
    expect(zoneOffsetMs('Europe/Berlin', Date.parse('2026-01-01T00:00:00Z'))).toBe(3_600_000);
  });

  it('ends business day D+n at local midnight, counting orders after the cut-off as the next day', () => {
    const cutoff = 18 * 3_600_000;
    const end = (iso: string, days: number) =>
      new Date(endOfBusinessDay('Asia/Shanghai', cutoff, Date.parse(iso), days)).toISOString();
    expect(end('2026-11-02T01:00:00Z', 0)).toBe('2026-11-02T15:59:59.999Z'); // 09:00 local
    expect(end('2026-11-02T10:00:00Z', 0)).toBe('2026-11-03T15:59:59.999Z'); // 18:00 local: at the cut-off
    expect(end('2026-11-02T17:00:00Z', 1)).toBe('2026-11-04T15:59:59.999Z'); // 01:00 on 3 Nov local
    expect(end('2026-12-31T20:00:00Z', 1)).toBe('2027-01-02T15:59:59.999Z'); // across the year in local time
  });

  it('handles a DST zone on the day the clocks change', () => {
    // 29 March 2026: Berlin moves from +1 to +2 at 02:00 local.
    const end = endOfBusinessDay('Europe/Berlin', 18 * 3_600_000, Date.parse('2026-03-29T08:00:00Z'), 0);
    expect(new Date(end).toISOString()).toBe('2026-03-29T21:59:59.999Z');
  });
});
