import {
  type Clause,
  EVENT_TYPES,
  type EventType,
  type FieldTest,
  LEVELS,
  type Level,
  type Standard,
  type StandardsFile,
  splitRememberedReference,
} from '@slawatch/standards';
import { hashEventId } from './hash.js';
import { decidingLevel } from './judgement.js';

export interface CompiledStandard {
  index: number;
  id: string;
  standard: Standard;
  /** Levels this standard can reach, in rising order. */
  levels: Level[];
  /** The level whose breach counts against the objective (see decidingLevel). */
  deciding: Level | undefined;
  /** Event types whose arrival can change this standard's judgement. */
  touchedBy: Set<EventType>;
  /** `${id}:`, the start of the ids of this standard's deadlines. */
  deadlinePrefix: string;
  /** `${id}:${level}` by level, made once: a deadline's id, built for every judgement otherwise. */
  deadlineIdOf: Record<Level, string>;
  /** A condition rule's clauses by index, with what each reads; empty for other rules. */
  clauses: CompiledClause[];
}

/** What a condition clause reads, named once per file rather than built on every judgement. */
export interface CompiledClause {
  /** `standardId#index`: the mark an event leaves when it meets the clause's field tests. */
  mark: string;
  /** Its own event type, as `earliest` takes it. */
  types: EventType[];
  after: EventType[] | undefined;
  /** The remembered values a comparison reads: its own field (`type.field`) and the other side. */
  own: string | undefined;
  other: string | undefined;
  /** Their slots' indexes (see CompiledStandards.slots); -1 for a clause without a comparison. */
  ownSlot: number;
  otherSlot: number;
}

function compileClause(standardId: string, clause: Clause, index: number): CompiledClause {
  const { compare } = clause;
  return {
    mark: `${standardId}#${index}`,
    types: [clause.event],
    after: clause.after ? [clause.after] : undefined,
    own: compare ? `${clause.event}.${compare.field}` : undefined,
    // The remembered value on the comparison's other side.
    other: compare
      ? (compare.lessThan ?? compare.greaterThan ?? compare.equals ?? compare.notEquals)
      : undefined,
    // Set once every slot is known (compileStandards).
    ownSlot: -1,
    otherSlot: -1,
  };
}

export interface CompiledStandards {
  version: string;
  timeZone: string;
  cutoffMs: number;
  remoteProvinces: string[];
  segments: string[];
  products: string[];
  finishedBy: Set<EventType>;
  standards: CompiledStandard[];
  byId: Map<string, CompiledStandard>;
  /** Which standards an event type touches; `order.created` touches all, since it gives segment, product and route. */
  byEventType: Map<EventType, CompiledStandard[]>;
  /** Remembered values, `<event type>.<field>`: a state keeps them by their index here. */
  slots: string[];
  /** Each slot's index in `slots`. */
  slotIndex: Map<string, number>;
  slotsByType: Map<EventType, { slot: string; field: string; index: number }[]>;
  /** Condition clauses with field tests, `standardId#index`. */
  clauses: string[];
  /** Those clauses by the event type they mark, with their field tests, in the file's order. */
  markedClausesByType: Map<EventType, { key: string; when: FieldTest[] }[]>;
  /** Every deadline id the core can set, `standardId:level`. */
  deadlineIds: string[];
  /** Changes whenever the layout of the encoded state would; guards against decoding with another file. */
  layoutFingerprint: number;
}

function parseCutoff(text: string): number {
  const [hours, minutes] = text.split(':').map(Number);
  return (hours! * 60 + minutes!) * 60_000;
}

function levelsOf(standard: Standard): Level[] {
  const rule = standard.rule;
  if (rule.kind === 'condition' || rule.kind === 'count') return ['breach'];
  return LEVELS.filter((level) => rule.limits.some((entry) => entry[level] !== undefined));
}

/** Precomputes, once per file, what `evaluate` would otherwise work out on every event. */
export function compileStandards(file: StandardsFile): CompiledStandards {
  const slots = new Set<string>();
  const clauses: string[] = [];
  const direct = new Map<string, Set<EventType>>();
  const referencesOf = new Map<string, string[]>();
  const clausesOf = new Map<string, CompiledClause[]>();

  for (const standard of file.standards) {
    const rule = standard.rule;
    const types = new Set<EventType>();
    const references: string[] = [];
    if (rule.kind === 'deadline') {
      for (const t of [...rule.start, ...rule.stop, ...rule.cancelledBy]) types.add(t);
      for (const entry of rule.limits) {
        if (entry.from) types.add(entry.from);
        for (const level of LEVELS) {
          const limit = entry[level];
          if (typeof limit !== 'object') continue;
          if ('field' in limit)
            for (const t of entry.from ? [entry.from] : rule.start) slots.add(`${t}.${limit.field}`);
          if ('of' in limit) references.push(limit.of);
        }
      }
    } else if (rule.kind === 'silence') {
      for (const t of EVENT_TYPES) types.add(t);
    } else if (rule.kind === 'count') {
      for (const t of [...rule.event, ...file.finishedBy]) types.add(t);
    } else {
      for (const t of file.finishedBy) types.add(t);
      const compiled = rule.anyOf.map((clause, i) => compileClause(standard.id, clause, i));
      clausesOf.set(standard.id, compiled);
      rule.anyOf.forEach((clause, i) => {
        const { mark, own, other } = compiled[i]!;
        types.add(clause.event);
        if (clause.after) types.add(clause.after);
        if (clause.when.length > 0 || !clause.compare) clauses.push(mark);
        if (own !== undefined && other !== undefined) {
          const { type } = splitRememberedReference(other);
          types.add(type as EventType);
          slots.add(other);
          slots.add(own);
        }
      });
    }
    direct.set(standard.id, types);
    referencesOf.set(standard.id, references);
  }

  // A due time measured from another standard moves whenever that one's does.
  const touchedOf = (id: string, seen = new Set<string>()): Set<EventType> => {
    const result = new Set(direct.get(id));
    seen.add(id);
    for (const reference of referencesOf.get(id) ?? []) {
      if (!seen.has(reference)) for (const t of touchedOf(reference, seen)) result.add(t);
    }
    return result;
  };

  const standards: CompiledStandard[] = file.standards.map((standard, index) => ({
    index,
    id: standard.id,
    standard,
    levels: levelsOf(standard),
    deciding: decidingLevel(levelsOf(standard)),
    touchedBy: touchedOf(standard.id),
    deadlinePrefix: `${standard.id}:`,
    deadlineIdOf: Object.fromEntries(LEVELS.map((level) => [level, `${standard.id}:${level}`])) as Record<
      Level,
      string
    >,
    clauses: clausesOf.get(standard.id) ?? [],
  }));
  const byEventType = new Map<EventType, CompiledStandard[]>();
  for (const type of EVENT_TYPES) {
    byEventType.set(
      type,
      standards.filter((s) => type === 'order.created' || s.touchedBy.has(type)),
    );
  }
  // The clauses an event of each type may mark, in the order recordEvent used to find them in.
  const markedClausesByType = new Map<EventType, { key: string; when: FieldTest[] }[]>();
  for (const type of EVENT_TYPES) {
    const marked: { key: string; when: FieldTest[] }[] = [];
    for (const compiledStandard of byEventType.get(type) ?? []) {
      const rule = compiledStandard.standard.rule;
      if (rule.kind !== 'condition') continue;
      rule.anyOf.forEach((clause, i) => {
        const key = compiledStandard.clauses[i]!.mark;
        if (clause.event === type && clauses.includes(key)) marked.push({ key, when: clause.when });
      });
    }
    markedClausesByType.set(type, marked);
  }
  const slotList = [...slots].sort();
  const slotIndex = new Map(slotList.map((slot, index) => [slot, index]));
  const slotsByType = new Map<EventType, { slot: string; field: string; index: number }[]>();
  slotList.forEach((slot, index) => {
    const { type, field } = splitRememberedReference(slot);
    const list = slotsByType.get(type as EventType) ?? [];
    list.push({ slot, field, index });
    slotsByType.set(type as EventType, list);
  });
  for (const clause of [...clausesOf.values()].flat()) {
    if (clause.own !== undefined) clause.ownSlot = slotIndex.get(clause.own) ?? -1;
    if (clause.other !== undefined) clause.otherSlot = slotIndex.get(clause.other) ?? -1;
  }
  const deadlineIds = standards.flatMap((s) =>
    s.standard.rule.kind === 'deadline' || s.standard.rule.kind === 'silence'
      ? s.levels.map((l) => `${s.id}:${l}`)
      : [],
  );
  const layout = [
    file.segments.join(','),
    file.products.join(','),
    standards.map((s) => s.id).join(','),
    slotList.join(','),
    clauses.join(','),
    deadlineIds.join(','),
  ].join('|');

  return {
    version: file.version,
    timeZone: file.timezone,
    cutoffMs: parseCutoff(file.cutoff),
    remoteProvinces: file.routes.remoteProvinces,
    segments: file.segments,
    products: file.products,
    finishedBy: new Set(file.finishedBy),
    standards,
    byId: new Map(standards.map((s) => [s.id, s])),
    byEventType,
    slots: slotList,
    slotIndex,
    slotsByType,
    clauses,
    markedClausesByType,
    deadlineIds,
    layoutFingerprint: hashEventId(layout) & 0xffff,
  };
}
