import type { EscalatedBreach, Incident } from '@slawatch/escalation';

/*
 * What the console's lists show, computed from rows already read: filters,
 * counts per filter value, sort and pages. Pure, so it is unit-tested without
 * Redis; console-snapshot.ts reads the rows.
 */

export const FACETS = ['status', 'severity', 'standard', 'segment', 'facility', 'lane'] as const;
export type Facet = (typeof FACETS)[number];

export const SORTS = ['newest', 'oldest', 'severity'] as const;
export type Sort = (typeof SORTS)[number];

/** One line of a list, breach or incident alike: the facets, when, and what to show. */
export interface ConsoleRow {
  id: string;
  status: string;
  severity: string;
  standard: string;
  segment: string;
  /** `hub:HGH01`: where the parcels were last seen; empty when unknown. */
  facility: string;
  lane: string;
  title: string;
  titleZh?: string;
  /** Detection (breach) or opening (incident) time, ms. */
  atMs: number;
  /** Breach: the waybill; incident: its open and total members. */
  waybill?: string;
  members?: { open: number; total: number };
  acknowledgedBy?: string;
  incident?: string;
  silencedUntil?: string;
}

export type Filters = Partial<Record<Facet, string[]>>;

export interface ListQuery {
  filters: Filters;
  sort: Sort;
  page: number;
  pageSize: number;
}

export interface ListAnswer {
  rows: ConsoleRow[];
  total: number;
  page: number;
  pages: number;
  /** Per facet, per value: how many rows it would show with the other facets' filters applied. */
  counts: Record<Facet, Record<string, number>>;
}

const SEVERITY_RANK: Record<string, number> = { critical: 2, major: 1, minor: 0 };

export function breachRow(record: EscalatedBreach): ConsoleRow {
  const { breach } = record;
  const lastSeen = breach.cause?.lastSeen;
  return {
    id: breach.breachId,
    status: record.state,
    severity: breach.severity,
    standard: breach.standard,
    segment: breach.segment,
    facility: lastSeen ? `${lastSeen.kind}:${lastSeen.id}` : '',
    lane: breach.cause?.lane ?? '',
    title: breach.title,
    ...(breach.titleZh ? { titleZh: breach.titleZh } : {}),
    atMs: Date.parse(breach.detectedAt),
    waybill: breach.waybill,
    ...(record.acknowledgedBy ? { acknowledgedBy: record.acknowledgedBy } : {}),
    ...(record.incident ? { incident: record.incident } : {}),
  };
}

export function incidentRow(incident: Incident): ConsoleRow {
  return {
    id: incident.incidentId,
    status: incident.state,
    severity: incident.severity,
    standard: incident.mixedStandards ? '' : incident.standard,
    segment: incident.labels['segment'] ?? '',
    facility: incident.labels['facility'] ?? '',
    lane: incident.labels['lane'] ?? '',
    title: incident.title,
    ...(incident.titleZh ? { titleZh: incident.titleZh } : {}),
    atMs: Date.parse(incident.openedAt),
    members: { open: incident.open, total: incident.members },
    ...(incident.acknowledgedBy ? { acknowledgedBy: incident.acknowledgedBy } : {}),
    ...(incident.silencedUntil ? { silencedUntil: incident.silencedUntil } : {}),
  };
}

function passes(row: ConsoleRow, filters: Filters, except?: Facet): boolean {
  for (const facet of FACETS) {
    if (facet === except) continue;
    const wanted = filters[facet];
    if (wanted && wanted.length > 0 && !wanted.includes(row[facet])) return false;
  }
  return true;
}

function compare(sort: Sort): (a: ConsoleRow, b: ConsoleRow) => number {
  const byTime = (a: ConsoleRow, b: ConsoleRow) => b.atMs - a.atMs || (a.id < b.id ? -1 : 1);
  if (sort === 'oldest') return (a, b) => -byTime(a, b);
  if (sort === 'severity')
    return (a, b) => (SEVERITY_RANK[b.severity] ?? 0) - (SEVERITY_RANK[a.severity] ?? 0) || byTime(a, b);
  return byTime;
}

/** Filters, counts, sorts and cuts one page; a page past the end answers the last one. */
export function listRows(all: ReadonlyArray<ConsoleRow>, query: ListQuery): ListAnswer {
  const counts = Object.fromEntries(FACETS.map((f) => [f, {}])) as ListAnswer['counts'];
  const shown: ConsoleRow[] = [];
  for (const row of all) {
    const fitsAll = passes(row, query.filters);
    if (fitsAll) shown.push(row);
    for (const facet of FACETS) {
      const value = row[facet];
      if (value === '') continue;
      // A facet's own filter does not narrow its counts: each chip says what choosing it would show.
      if (fitsAll || passes(row, query.filters, facet)) {
        counts[facet][value] = (counts[facet][value] ?? 0) + 1;
      }
    }
  }
  shown.sort(compare(query.sort));
  const pages = Math.max(1, Math.ceil(shown.length / query.pageSize));
  const page = Math.min(Math.max(1, query.page), pages);
  return {
    rows: shown.slice((page - 1) * query.pageSize, page * query.pageSize),
    total: shown.length,
    page,
    pages,
    counts,
  };
}

export interface Overview {
  openIncidentsBySeverity: Record<string, number>;
  breachesLastHourByStandard: Array<{ standard: string; title: string; titleZh?: string; count: number }>;
  facilitiesByOpenBreaches: Array<{ facility: string; open: number }>;
}

const isOpen = (status: string) => status !== 'resolved' && status !== 'retracted';

/** The overview page: what is open, what is new, where it is. */
export function overviewOf(input: {
  breaches: ReadonlyArray<ConsoleRow>;
  incidents: ReadonlyArray<ConsoleRow>;
  nowMs: number;
  topFacilities?: number;
}): Overview {
  const openIncidentsBySeverity: Record<string, number> = { critical: 0, major: 0, minor: 0 };
  for (const incident of input.incidents)
    if (isOpen(incident.status))
      openIncidentsBySeverity[incident.severity] = (openIncidentsBySeverity[incident.severity] ?? 0) + 1;
  const byStandard = new Map<string, Overview['breachesLastHourByStandard'][number]>();
  const byFacility = new Map<string, number>();
  const hourAgo = input.nowMs - 3_600_000;
  for (const breach of input.breaches) {
    if (breach.atMs >= hourAgo) {
      const entry = byStandard.get(breach.standard) ?? {
        standard: breach.standard,
        title: breach.title,
        ...(breach.titleZh ? { titleZh: breach.titleZh } : {}),
        count: 0,
      };
      entry.count++;
      byStandard.set(breach.standard, entry);
    }
    if (isOpen(breach.status) && breach.facility !== '')
      byFacility.set(breach.facility, (byFacility.get(breach.facility) ?? 0) + 1);
  }
  return {
    openIncidentsBySeverity,
    breachesLastHourByStandard: [...byStandard.values()].sort(
      (a, b) => b.count - a.count || a.standard.localeCompare(b.standard),
    ),
    facilitiesByOpenBreaches: [...byFacility.entries()]
      .map(([facility, open]) => ({ facility, open }))
      .sort((a, b) => b.open - a.open || a.facility.localeCompare(b.facility))
      .slice(0, input.topFacilities ?? 10),
  };
}
