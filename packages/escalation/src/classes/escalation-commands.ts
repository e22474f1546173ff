import { defineLuaCommands, type LuaCommand, luaCommands, type Redis } from '@slawatch/redis';

/**
 * The scripts in `commands/`. Each touches the keys of one breach (one hash
 * tag) or one target, so it runs atomically on a single node and in Redis
 * Cluster alike. The file name says the command and its number of keys.
 */
export interface EscalationCommands {
  /** `record-change-2.lua`: returns {outcome code, state}. */
  escalationRecordChange(
    breachKey: string,
    timelineKey: string,
    status: string,
    change: string,
    policy: string,
    receivedMs: string,
    first: string,
  ): Promise<[number, string]>;
  /** `set-state-2.lua`: 1 when the state was still `expected` and moved. */
  escalationSetState(
    breachKey: string,
    timelineKey: string,
    expected: string,
    next: string,
    line: string,
    ...fields: string[]
  ): Promise<number>;
  /** `take-slot-1.lua`: {1, 0} when a slot was taken, else {0, retry at ms}. */
  escalationTakeSlot(
    windowKey: string,
    nowMs: string,
    perMs: string,
    messages: string,
    member: string,
  ): Promise<[number, number]>;
  /** `join-incident-6.lua`: {'retry', id} or {created, added, status, id, severity set or raised}. */
  escalationJoinIncident(
    ...keysThenArgs: string[]
  ): Promise<[number | 'retry', number | string, string, string, number]>;
  /** `leave-incident-5.lua`: {left, resolved now, paged}. */
  escalationLeaveIncident(...keysThenArgs: string[]): Promise<[number, number, number]>;
  /** `set-incident-state-4.lua`: {'ok', open members…}, {'conflict', status} or {'missing'}. */
  escalationSetIncidentState(...keysThenArgs: string[]): Promise<string[]>;
  /** `silence-incident-2.lua`: 'ok', 'missing' or 'resolved'. */
  escalationSilenceIncident(
    incidentKey: string,
    timelineKey: string,
    untilMs: string,
    who: string,
    comment: string,
    line: string,
  ): Promise<string>;
  /** `take-incident-counts-1.lua`: {new, resolved, open, members, status}. */
  escalationTakeIncidentCounts(
    incidentKey: string,
    nowMs: string,
    markPaged: string,
  ): Promise<[number, number, number, number, string]>;
  /** `count-inhibition-2.lua`: {open breaches counted, facility incident id or ''}. */
  escalationCountInhibition(
    openKey: string,
    pointerKey: string,
    breachId: string,
    detectedMs: string,
    earliestMs: string,
  ): Promise<[number, string]>;
  /** `record-delivery-3.lua`: the breach's state after recording the delivery ('' when it has none). */
  escalationRecordDelivery(
    notifiedKey: string,
    breachKey: string,
    timelineKey: string,
    target: string,
    markerField: string,
    markedMs: string,
    line: string,
  ): Promise<string>;
  /** `mark-with-lines-2.lua`: 1 when the marker was set now. */
  escalationMarkWithLines(
    breachKey: string,
    timelineKey: string,
    markerField: string,
    markedMs: string,
    ...lines: string[]
  ): Promise<number>;
  /** `store-offset-1.lua`: {'stored'}, {'ahead'} (already as far) or {'behind', stored offset} (a gap: nothing stored). */
  escalationStoreOffset(
    offsetsKey: string,
    field: string,
    offset: string,
    startOffset: string,
  ): Promise<['stored' | 'ahead'] | ['behind', string]>;
  /** `trim-if-head-1.lua`: 1 when the list still began with the items read and they were removed. */
  escalationTrimIfHead(listKey: string, count: string, first: string, last: string): Promise<number>;
  /** `file-digest-2.lua`: whether the breach went into the interval's list now, was there, or came too late. */
  escalationFileDigest(
    listKey: string,
    flushedKey: string,
    breachId: string,
    keepMs: string,
  ): Promise<'filed' | 'present' | 'flushed'>;
  /** `merge-overflow-2.lua`: {1 when pushed now, the overflow's length}. */
  escalationMergeOverflow(
    overflowKey: string,
    mergedKey: string,
    page: string,
    item: string,
    mergedMs: string,
    nowMs: string,
    keepMs: string,
  ): Promise<[number, number]>;
}

let loaded: LuaCommand[] | undefined;

/** The scripts of `commands/`, read once per process: `take-slot-1.lua` becomes `escalationTakeSlot` with one key. */
export function escalationCommands(): LuaCommand[] {
  // Resolved from the package root so the same folder is found from src/ and dist/.
  loaded ??= luaCommands({ folder: new URL('../../src/commands/', import.meta.url), prefix: 'escalation' });
  return loaded;
}

/** Defines the scripts on a connection once. */
export function withEscalationCommands(redis: Redis): Redis & EscalationCommands {
  return defineLuaCommands<EscalationCommands>(redis, escalationCommands());
}
