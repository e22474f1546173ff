import { describe, expect, it } from 'vitest';
import { type ConsoleRow, listRows, overviewOf } from '../src/console/console-view.js';

const NOW = Date.parse('2026-12-02T12:00:00Z');

function row(id: string, overrides: Partial<ConsoleRow> = {}): ConsoleRow {
  return {
    id,
    status: 'open',
    severity: 'major',
    standard: 'delivered_on_time',
    segment: 'ecommerce',
    facility: 'hub:HGH01',
    lane: 'Hangzhou→Shanghai',
    title: 'Delivered on time',
    atMs: NOW - 60_000,
    ...overrides,
  };
}

const rows = [
  row('a', { severity: 'critical', atMs: NOW - 1_000 }),
  row('b', { facility: 'hub:PEK02', atMs: NOW - 2_000 }),
  row('c', { status: 'acknowledged', facility: 'hub:PEK02', atMs: NOW - 3_000 }),
  row('d', { status: 'resolved', severity: 'minor', standard: 'pickup_on_time', atMs: NOW - 7_200_000 }),
  row('e', { facility: '', lane: '', atMs: NOW - 5_000 }),
];

describe('console lists', () => {
  it('counts each facet with the other facets filtered, so a chip says what choosing it shows', () => {
    const answer = listRows(rows, {
      filters: { facility: ['hub:PEK02'] },
      sort: 'newest',
      page: 1,
      pageSize: 50,
    });
    expect(answer.rows.map((r) => r.id)).toEqual(['b', 'c']);
    // Facility counts ignore the facility filter itself: every facility still shows its count.
    expect(answer.counts.facility).toEqual({ 'hub:HGH01': 2, 'hub:PEK02': 2 });
    // Other facets count only the rows of the chosen facility.
    expect(answer.counts.status).toEqual({ open: 1, acknowledged: 1 });
    // A row with no facility is counted nowhere in that facet.
    expect(Object.keys(answer.counts.lane)).toEqual(['Hangzhou→Shanghai']);
  });

  it('matches any chosen value within a facet and all facets together', () => {
    const answer = listRows(rows, {
      filters: { status: ['open', 'acknowledged'], severity: ['major'] },
      sort: 'oldest',
      page: 1,
      pageSize: 50,
    });
    expect(answer.rows.map((r) => r.id)).toEqual(['e', 'c', 'b']);
  });

  it('sorts by severity, then newest first', () => {
    const answer = listRows(rows, { filters: {}, sort: 'severity', page: 1, pageSize: 50 });
    expect(answer.rows.map((r) => r.id)).toEqual(['a', 'b', 'c', 'e', 'd']);
  });

  it('pages thousands of rows and answers the last page for one past the end', () => {
    const many = Array.from({ length: 2_345 }, (_, i) => row(`r${i}`, { atMs: NOW - i }));
    const second = listRows(many, { filters: {}, sort: 'newest', page: 2, pageSize: 100 });
    expect(second.rows[0]!.id).toBe('r100');
    expect(second.pages).toBe(24);
    const past = listRows(many, { filters: {}, sort: 'newest', page: 99, pageSize: 100 });
    expect(past.page).toBe(24);
    expect(past.rows.map((r) => r.id)).toEqual(many.slice(2_300).map((r) => r.id));
    expect(past.total).toBe(2_345);
  });
});

describe('console overview', () => {
  it('counts open incidents by severity, the last hour by standard and the facilities with most open breaches', () => {
    const incidents = [
      row('i1', { severity: 'critical' }),
      row('i2', { severity: 'critical', status: 'acknowledged' }),
      row('i3', { severity: 'minor', status: 'resolved' }),
    ];
    const overview = overviewOf({ breaches: rows, incidents, nowMs: NOW, topFacilities: 1 });
    expect(overview.openIncidentsBySeverity).toEqual({ critical: 2, major: 0, minor: 0 });
    // d is two hours old: not in the last hour.
    expect(overview.breachesLastHourByStandard).toEqual([
      { standard: 'delivered_on_time', title: 'Delivered on time', count: 4 },
    ]);
    // PEK02 has b and c open; HGH01 only a (d is resolved): PEK02 leads.
    expect(overview.facilitiesByOpenBreaches).toEqual([{ facility: 'hub:PEK02', open: 2 }]);
  });
});
