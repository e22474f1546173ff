/*
 * Attainment counts: how many shipments each standard judged, and how many of
 * them met it, per order day × standard × segment × product × route class.
 *
 * They are derived from the difference between the stored state and the new
 * one (decided outcomes and breach levels), never from the events, so a
 * count moves only when a stored state moves: a redelivered or replayed event
 * changes no state and counts nothing, and a write that is refused (another
 * writer, a stale batch) takes its counts with it. A shipment counts once per
 * standard, by its latest decided outcome: when late evidence turns a breach
 * into met, the met count rises and the judged count stays; when facts leave
 * a standard undecided again (a late cancellation), both fall back.
 */
import { type Level, localDay } from '@slawatch/standards';
import type { CompiledStandard, CompiledStandards } from './compile.js';
import { NONE } from './judgement.js';
import { NO_OUTCOMES, type ReportedBreach, type ShipmentState } from './state.js';

const DAY_MS = 86_400_000;

/** The counted quantities of one cell: `judged`, `met`, and per level the shipments breached at it. */
export type AttainmentField = 'judged' | 'met' | `breached.${Level}`;

/** Where a shipment counts: the local day its order was created, and what it was. */
export interface AttainmentCell {
  /** `YYYY-MM-DD` in the standards file's time zone (Asia/Shanghai). */
  day: string;
  standard: string;
  segment: string;
  product: string;
  route: string;
}

/** One cell's counts to add (negative to take back). */
export interface AttainmentChange extends AttainmentCell {
  deltas: Partial<Record<AttainmentField, number>>;
}

/** `YYYY-MM-DD` of a local day number (days since 1970-01-01 in the zone). */
export function dayText(localDayNumber: number): string {
  let text = dayTexts.get(localDayNumber);
  if (text === undefined) {
    text = new Date(localDayNumber * DAY_MS).toISOString().slice(0, 10);
    if (dayTexts.size >= DAY_TEXTS_KEPT) dayTexts.clear();
    dayTexts.set(localDayNumber, text);
  }
  return text;
}

/** Order days are few (the days in flight): each is formatted once. */
const dayTexts = new Map<number, string>();
const DAY_TEXTS_KEPT = 4096;

/** The local day number of `YYYY-MM-DD`. */
export function dayNumber(text: string): number {
  return Math.floor(Date.parse(`${text}T00:00:00Z`) / DAY_MS);
}

/** The order's local day: the time of the earliest order.created (the log is in time order). */
export function orderDay(state: ShipmentState, timeZone: string): string | undefined {
  const createdMs = orderCreatedMs(state);
  return createdMs === undefined ? undefined : dayText(localDay(timeZone, createdMs));
}

function cellOf(
  state: ShipmentState | undefined,
  timeZone: string,
): Omit<AttainmentCell, 'standard'> | undefined {
  if (!state?.order) return undefined;
  const day = orderDay(state, timeZone);
  if (day === undefined) return undefined;
  const { segment, product, route } = state.order;
  return { day, segment, product, route };
}

/**
 * True when both states count the same in the same cell: most events move
 * neither an outcome nor a breach, and this check allocates nothing. False
 * says nothing: the counts are then compared in full.
 */
function countsAlike(before: ShipmentState, after: ShipmentState): boolean {
  const a = before.order;
  const b = after.order;
  if (!a || !b) return false;
  if (a !== b && (a.segment !== b.segment || a.product !== b.product || a.route !== b.route)) return false;
  if (before.outcomes !== after.outcomes) {
    const length = Math.max(before.outcomes.length, after.outcomes.length);
    for (let index = 0; index < length; index++)
      if (before.outcomes[index] !== after.outcomes[index]) return false;
  }
  if (before.breaches !== after.breaches) {
    if (before.breaches.length !== after.breaches.length) return false;
    for (let i = 0; i < before.breaches.length; i++) {
      const x = before.breaches[i]!;
      const y = after.breaches[i]!;
      if (x.standard !== y.standard || x.level !== y.level) return false;
      if ((x.status === 'retracted') !== (y.status === 'retracted')) return false;
    }
  }
  return orderCreatedMs(before) === orderCreatedMs(after);
}

/** The time of the earliest order.created (the log is in time order); the order's day comes from it. */
function orderCreatedMs(state: ShipmentState): number | undefined {
  for (const event of state.events) if (event.type === 'order.created') return event.timeMs;
  return undefined;
}

/**
 * What to add to the attainment counts when a shipment's stored state goes
 * from `before` to `after`. `after` undefined (retention over, the state is
 * deleted) changes nothing: what was counted stands. If an earlier
 * order.created arrived late and moved the shipment to another cell, its
 * counts move with it. On the hot path (once per shipment and batch): it
 * allocates only the changes it returns.
 */
export function attainmentChanges(
  before: ShipmentState | undefined,
  after: ShipmentState | undefined,
  compiled: CompiledStandards,
): ReadonlyArray<AttainmentChange> {
  if (!after?.order) return NONE;
  if (before && countsAlike(before, after)) return NONE;
  const { timeZone, standards } = compiled;
  const afterCell = cellOf(after, timeZone);
  if (!afterCell) return NONE;
  const beforeCell = cellOf(before, timeZone);
  const changes: AttainmentChange[] = [];
  if (beforeCell && sameCell(beforeCell, afterCell)) {
    countDifference(changes, standards, afterCell, before, after);
  } else {
    if (beforeCell) countDifference(changes, standards, beforeCell, before, undefined);
    countDifference(changes, standards, afterCell, undefined, after);
  }
  return changes;
}

type Cell = Omit<AttainmentCell, 'standard'>;

const NO_BREACHES: ReadonlyArray<ReportedBreach> = Object.freeze([]);

function sameCell(a: Cell, b: Cell): boolean {
  return a.day === b.day && a.segment === b.segment && a.product === b.product && a.route === b.route;
}

/**
 * Adds to `changes` what moving from `from` to `to` changes in one cell, per
 * standard: judged and met from the decided outcomes, and per level a
 * shipment with a standing (not retracted) breach at it, counted once
 * however many silent gaps it had. Each field of a standard moves at most
 * once here, so no delta is ever zero.
 */
function countDifference(
  changes: AttainmentChange[],
  standards: ReadonlyArray<CompiledStandard>,
  cell: Cell,
  from: ShipmentState | undefined,
  to: ShipmentState | undefined,
): void {
  const fromOutcomes = from?.outcomes ?? NO_OUTCOMES;
  const toOutcomes = to?.outcomes ?? NO_OUTCOMES;
  // By index, as the states keep them; an index past the file's standards (never, under one file) is not counted.
  for (let index = 0; index < standards.length; index++) {
    const was = fromOutcomes[index];
    const now = toOutcomes[index];
    if (was === now) continue;
    const standard = standards[index]!.id;
    if (was === undefined) bump(changes, cell, standard, 'judged', 1);
    else if (now === undefined) bump(changes, cell, standard, 'judged', -1);
    const met = (now ? 1 : 0) - (was ? 1 : 0);
    if (met !== 0) bump(changes, cell, standard, 'met', met);
  }
  const fromBreaches = from?.breaches ?? NO_BREACHES;
  const toBreaches = to?.breaches ?? NO_BREACHES;
  countLevels(changes, cell, toBreaches, fromBreaches, 1);
  countLevels(changes, cell, fromBreaches, toBreaches, -1);
}

/** Each level's field, made once rather than on every breach counted. */
const BREACHED_FIELD: Readonly<Record<Level, AttainmentField>> = {
  warn: 'breached.warn',
  breach: 'breached.breach',
  critical: 'breached.critical',
};

/** `sign` for each standard and level standing in `these` (first of them only) and not in `those`. */
function countLevels(
  changes: AttainmentChange[],
  cell: Cell,
  these: ReadonlyArray<ReportedBreach>,
  those: ReadonlyArray<ReportedBreach>,
  sign: 1 | -1,
): void {
  for (let i = 0; i < these.length; i++) {
    const breach = these[i]!;
    if (breach.status === 'retracted') continue;
    if (standsAt(these, breach, i) || standsAt(those, breach, those.length)) continue;
    bump(changes, cell, breach.standard, BREACHED_FIELD[breach.level], sign);
  }
}

/** Whether a breach of the same standard and level stands among the first `count` of `breaches`. */
function standsAt(breaches: ReadonlyArray<ReportedBreach>, like: ReportedBreach, count: number): boolean {
  for (let i = 0; i < count; i++) {
    const breach = breaches[i]!;
    if (breach.status !== 'retracted' && breach.standard === like.standard && breach.level === like.level)
      return true;
  }
  return false;
}

function bump(
  changes: AttainmentChange[],
  cell: Cell,
  standard: string,
  field: AttainmentField,
  delta: number,
): void {
  let change: AttainmentChange | undefined;
  for (let i = 0; i < changes.length && !change; i++) {
    const candidate = changes[i]!;
    if (candidate.standard === standard && sameCell(candidate, cell)) change = candidate;
  }
  if (!change) {
    // Written out, not spread: one object shape for every change.
    const { day, segment, product, route } = cell;
    change = { day, standard, segment, product, route, deltas: {} };
    changes.push(change);
  }
  change.deltas[field] = (change.deltas[field] ?? 0) + delta;
}
