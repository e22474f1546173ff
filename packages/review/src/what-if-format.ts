import { percent, points } from './labels.js';
import type { Review, ReviewRow } from './review.js';
import { csvField } from './text-formats.js';
import type { BreachDifference } from './what-if.js';

/** One row of the side-by-side review: the same cell under the current and the proposed file. */
export interface ComparedRow {
  key: string;
  standard: string;
  phase: string;
  element: string;
  breakdown: string[];
  current: Pick<ReviewRow, 'judged' | 'met' | 'attainment' | 'objective' | 'breached'> | null;
  proposed: Pick<ReviewRow, 'judged' | 'met' | 'attainment' | 'objective' | 'breached'> | null;
  /** Proposed minus current attainment. */
  change: number | null;
}

export interface WhatIfReview {
  from: string;
  to: string;
  currentVersion: string;
  proposedVersion: string;
  shipments: number;
  rows: ComparedRow[];
  appeared: { count: number; byStandard: Record<string, number>; examples: BreachDifference[] };
  disappeared: { count: number; byStandard: Record<string, number>; examples: BreachDifference[] };
}

const pick = (row: ReviewRow | undefined) =>
  row
    ? {
        judged: row.judged,
        met: row.met,
        attainment: row.attainment,
        objective: row.objective,
        breached: row.breached,
      }
    : null;

function summary(list: BreachDifference[]) {
  const byStandard: Record<string, number> = {};
  for (const b of list)
    byStandard[`${b.standard}:${b.level}`] = (byStandard[`${b.standard}:${b.level}`] ?? 0) + 1;
  return { count: list.length, byStandard, examples: list.slice(0, 20) };
}

/** The two reviews of one period matched cell by cell, with the breaches that would appear or disappear. */
export function compareReviews(input: {
  current: Review;
  proposed: Review;
  shipments: number;
  appeared: BreachDifference[];
  disappeared: BreachDifference[];
}): WhatIfReview {
  const { current, proposed } = input;
  const currentRows = new Map(current.rows.map((r) => [r.key, r]));
  const proposedRows = new Map(proposed.rows.map((r) => [r.key, r]));
  const keys = [
    ...current.rows.map((r) => r.key),
    ...proposed.rows.map((r) => r.key).filter((k) => !currentRows.has(k)),
  ];
  const rows = keys.map((key): ComparedRow => {
    const a = currentRows.get(key);
    const b = proposedRows.get(key);
    const any = (a ?? b)!;
    const change = a?.attainment != null && b?.attainment != null ? b.attainment - a.attainment : null;
    return {
      key,
      standard: any.standard,
      phase: any.phase,
      element: any.element,
      breakdown: current.by.map((d) => any[d] ?? ''),
      current: pick(a),
      proposed: pick(b),
      change,
    };
  });
  return {
    from: current.from,
    to: current.to,
    currentVersion: current.standardsVersion,
    proposedVersion: proposed.standardsVersion,
    shipments: input.shipments,
    rows,
    appeared: summary(input.appeared),
    disappeared: summary(input.disappeared),
  };
}

/** Current and proposed side by side for a terminal; `*` marks a cell that changed. */
export function whatIfTable(review: WhatIfReview, by: ReadonlyArray<string>): string {
  const header = [
    'standard',
    ...by,
    'judged now/proposed',
    'met now/proposed',
    'attainment now',
    'proposed',
    'change',
    'breached now/proposed',
  ];
  const lines: string[][] = [header];
  const n = (v: number | undefined) => (v === undefined ? '–' : String(v));
  for (const row of review.rows) {
    const changed =
      row.current?.judged !== row.proposed?.judged ||
      row.current?.met !== row.proposed?.met ||
      row.current?.breached.breach !== row.proposed?.breached.breach;
    lines.push([
      `${changed ? '* ' : '  '}${row.standard}`,
      ...row.breakdown,
      `${n(row.current?.judged)}/${n(row.proposed?.judged)}`,
      `${n(row.current?.met)}/${n(row.proposed?.met)}`,
      percent(row.current?.attainment ?? null),
      percent(row.proposed?.attainment ?? null),
      points(row.change),
      `${n(row.current?.breached.breach)}/${n(row.proposed?.breached.breach)}`,
    ]);
  }
  const widths = header.map((_, i) => Math.max(...lines.map((l) => [...(l[i] ?? '')].length)));
  const text = lines.map((l) =>
    l
      .map((c, i) => c.padEnd(widths[i]!))
      .join('  ')
      .trimEnd(),
  );
  text.splice(1, 0, widths.map((w) => '-'.repeat(w)).join('  '));
  const list = (title: string, part: WhatIfReview['appeared']) =>
    [
      `${title}: ${part.count}${
        part.count > 0
          ? ` (${Object.entries(part.byStandard)
              .map(([k, v]) => `${k} ${v}`)
              .join(', ')})`
          : ''
      }`,
      ...part.examples.map((b) => `  ${b.breachId}`),
      ...(part.count > part.examples.length ? [`  … and ${part.count - part.examples.length} more`] : []),
    ].join('\n');
  return [
    `What-if, order days ${review.from} to ${review.to}: ${review.shipments} shipments replayed; current ${review.currentVersion}, proposed ${review.proposedVersion}`,
    '',
    ...text,
    '',
    list('breaches that would appear', review.appeared),
    list('breaches that would disappear', review.disappeared),
  ].join('\n');
}

export function whatIfCsv(review: WhatIfReview, by: ReadonlyArray<string>): string {
  const header = [
    'standard',
    ...by,
    'judged_current',
    'judged_proposed',
    'met_current',
    'met_proposed',
    'attainment_current',
    'attainment_proposed',
    'breached_current',
    'breached_proposed',
  ];
  const lines = review.rows.map((r) =>
    [
      r.standard,
      ...r.breakdown,
      r.current?.judged,
      r.proposed?.judged,
      r.current?.met,
      r.proposed?.met,
      r.current?.attainment?.toFixed(6),
      r.proposed?.attainment?.toFixed(6),
      r.current?.breached.breach,
      r.proposed?.breached.breach,
    ]
      .map(csvField)
      .join(','),
  );
  return [header.join(','), ...lines].join('\n');
}
