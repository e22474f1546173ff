import { BREACH_STATUSES, EVENT_TYPES, LAST_SEEN_KINDS, LEVELS, ROUTE_CLASSES } from '@slawatch/contract';
import { ByteReader, ByteWriter } from './bytes.js';
import type { CompiledStandards } from './compile.js';
import {
  copiedAtLength,
  emptyState,
  type LastSeen,
  NO_OUTCOMES,
  NO_VALUES,
  type OrderFacts,
  type ReportedBreach,
  type ShipmentState,
} from './state.js';

const FORMAT_VERSION = 1;
/** Flags of a breach record's packed byte, above level (bits 0-1) and status (bits 2-3). */
const BREACH_RECURS = 16;
// A later addition: states written before it simply lack the bit, so they still decode.
const BREACH_HAS_DUE = 32;
// State flags above finished (bit 0), order (bit 1) and route (bits 2-3). Later
// additions: states written before them lack the bits, so they still decode.
const HAS_ORDER_CAUSE = 16;
const HAS_LAST_SEEN = 32;
const UNKNOWN = 0xff;
const VALUE_PLAIN = 0;
const VALUE_FROM_BASE = 1;
const VALUE_FLOAT = 2;

/** The encoded state was written under a standards file with another layout (standards, slots or names changed). */
export class StateLayoutError extends Error {
  constructor(found: number, expected: number) {
    super(`encoded shipment state has layout ${found}, the loaded standards expect ${expected}`);
    this.name = 'StateLayoutError';
  }
}

function indexOrUnknown(list: ReadonlyArray<string>, value: string): number {
  const index = list.indexOf(value);
  return index === -1 ? UNKNOWN : index;
}

/**
 * Position of each name in a list searched per event or per field (a missing
 * name is written as UNKNOWN, the byte indexOf's -1 made). Lists of three or four (levels,
 * statuses, routes, kinds, segments, products) are searched in place.
 */
function positions(list: ReadonlyArray<string>): Map<string, number> {
  return new Map(list.map((name, index) => [name, index]));
}

const EVENT_TYPE_CODES = positions(EVENT_TYPES);

/** The compiled standards' names by their index in the encoding, built once per compiled file. */
interface NameCodes {
  clauses: Map<string, number>;
  deadlineIds: Map<string, number>;
}

const nameCodes = new WeakMap<CompiledStandards, NameCodes>();

function nameCodesOf(compiled: CompiledStandards): NameCodes {
  let codes = nameCodes.get(compiled);
  if (codes === undefined) {
    codes = {
      clauses: positions(compiled.clauses),
      deadlineIds: positions(compiled.deadlineIds),
    };
    nameCodes.set(compiled, codes);
  }
  return codes;
}

/** Due times by deadline index while a state is encoded (synchronously, one at a time); NaN where none. */
let dues = new Float64Array(0);

function dueScratch(count: number): Float64Array {
  if (dues.length < count) dues = new Float64Array(count).fill(Number.NaN);
  return dues;
}

/** The index of the logged event with this hash (-1 if none), as marks and the last sighting refer to it. */
function eventIndex(events: ReadonlyArray<{ hash: number }>, hash: number): number {
  for (let i = 0; i < events.length; i++) if (events[i]!.hash === hash) return i;
  return -1;
}

function writeValue(writer: ByteWriter, value: number, baseMs: number): void {
  if (!Number.isSafeInteger(value)) {
    writer.byte(VALUE_FLOAT);
    writer.float(value);
  } else if (Math.abs(value - baseMs) < Math.abs(value)) {
    // Times (promisedDeliveryBy) sit near the shipment's own events: store the difference.
    writer.byte(VALUE_FROM_BASE);
    writer.time(value - baseMs);
  } else {
    writer.byte(VALUE_PLAIN);
    writer.signed(value);
  }
}

function readValue(reader: ByteReader, baseMs: number): number {
  const tag = reader.byte();
  if (tag === VALUE_FLOAT) return reader.float();
  if (tag === VALUE_FROM_BASE) return reader.time() + baseMs;
  return reader.signed();
}

/**
 * Binary layout, version byte first: layout fingerprint (2), flags (1), base
 * time, order (segment, product bytes; route in the flags), events
 * (hash u32, type byte, time step; times in whole seconds when they are), remembered values, clause marks,
 * breach records, outcomes (2 bits per standard) and pending deadlines (1 bit each, then their due times).
 * Names become indexes into the compiled standards, which is why the fingerprint guards decoding.
 * `headroom` bytes are left free in front, for the caller's own header (see ByteWriter).
 */
export function encodeState(compiled: CompiledStandards, state: ShipmentState, headroom = 0): Buffer {
  const codes = nameCodesOf(compiled);
  const w = new ByteWriter(headroom);
  const baseMs = state.events[0]?.timeMs ?? 0;
  w.byte(FORMAT_VERSION);
  w.byte(compiled.layoutFingerprint >> 8);
  w.byte(compiled.layoutFingerprint & 0xff);
  const route = state.order ? ROUTE_CLASSES.indexOf(state.order.route) : 0;
  const orderCause = state.order !== undefined && hasCause(state.order);
  w.byte(
    (state.finished ? 1 : 0) |
      (state.order ? 2 : 0) |
      (route << 2) |
      (orderCause ? HAS_ORDER_CAUSE : 0) |
      (state.lastSeen ? HAS_LAST_SEEN : 0),
  );
  w.time(baseMs);
  if (state.order) {
    w.byte(indexOrUnknown(compiled.segments, state.order.segment));
    w.byte(indexOrUnknown(compiled.products, state.order.product));
    // Empty text stands for absent: none of the three is ever empty when present.
    if (orderCause) {
      w.text(state.order.customerId ?? '');
      w.text(state.order.originCity ?? '');
      w.text(state.order.destinationCity ?? '');
    }
  }

  w.varint(state.events.length);
  let previous = baseMs;
  for (const event of state.events) {
    w.uint32(event.hash);
    w.byte(EVENT_TYPE_CODES.get(event.type) ?? UNKNOWN);
    w.time(event.timeMs - previous);
    previous = event.timeMs;
  }

  // Counted, then written in slot order (states written before kept the order they were learnt in:
  // each entry names its slot, so both read the same).
  const slotCount = Math.min(state.values.length, compiled.slots.length);
  let valueCount = 0;
  for (let index = 0; index < slotCount; index++) if (state.values[index] !== undefined) valueCount++;
  w.varint(valueCount);
  for (let index = 0; index < slotCount; index++) {
    const remembered = state.values[index];
    if (remembered === undefined) continue;
    w.byte(index);
    w.time(remembered.timeMs - baseMs);
    writeValue(w, remembered.value, baseMs);
  }

  w.varint(state.marks.length);
  for (const mark of state.marks) {
    w.varint(eventIndex(state.events, mark.hash));
    w.byte(codes.clauses.get(mark.clause) ?? UNKNOWN);
  }

  w.varint(state.breaches.length);
  for (const breach of state.breaches) {
    w.byte(compiled.byId.get(breach.standard)!.index);
    const recurs = breach.occurrence !== 0;
    const hasDue = breach.dueMs !== undefined;
    w.byte(
      LEVELS.indexOf(breach.level) |
        (BREACH_STATUSES.indexOf(breach.status) << 2) |
        (recurs ? BREACH_RECURS : 0) |
        (hasDue ? BREACH_HAS_DUE : 0),
    );
    if (recurs) w.time(breach.occurrence - baseMs);
    if (hasDue) w.time(breach.dueMs! - baseMs);
  }

  // Four 2-bit outcomes a byte, by standard index, into bytes reserved zeroed.
  const outcomesAt = w.zeros(Math.ceil(compiled.standards.length / 4));
  const decidedCount = Math.min(state.outcomes.length, compiled.standards.length);
  for (let index = 0; index < decidedCount; index++) {
    const decided = state.outcomes[index];
    if (decided !== undefined) w.setBits(outcomesAt + (index >> 2), (decided ? 1 : 2) << ((index & 3) * 2));
  }

  // One bit per deadline id, eight a byte; due times follow in the file's order of the set bits
  // (one per id: the last, if an id repeats), gathered by index in a scratch list left all NaN.
  const idCount = compiled.deadlineIds.length;
  const pendingAt = w.zeros(Math.ceil(idCount / 8));
  const dues = dueScratch(idCount);
  for (const d of state.pending) {
    const index = codes.deadlineIds.get(d.id);
    if (index === undefined) continue;
    w.setBits(pendingAt + (index >> 3), 1 << (index & 7));
    dues[index] = d.dueMs;
  }
  for (let index = 0; index < idCount; index++) {
    const dueMs = dues[index]!;
    if (Number.isNaN(dueMs)) continue;
    w.time(dueMs - baseMs);
    dues[index] = Number.NaN;
  }
  if (state.lastSeen) writeLastSeen(w, state, state.lastSeen);
  return w.toBuffer();
}

/** Decodes the state in `bytes` from `offset` (past the caller's own header, if any) to the end. */
export function decodeState(compiled: CompiledStandards, bytes: Uint8Array, offset = 0): ShipmentState {
  const r = new ByteReader(bytes, offset);
  const version = r.byte();
  if (version !== FORMAT_VERSION) throw new RangeError(`unknown shipment state format ${version}`);
  const fingerprint = (r.byte() << 8) | r.byte();
  if (fingerprint !== compiled.layoutFingerprint)
    throw new StateLayoutError(fingerprint, compiled.layoutFingerprint);
  const flags = r.byte();
  const baseMs = r.time();
  const state = emptyState();
  state.finished = (flags & 1) === 1;
  if (flags & 2) {
    const segment = r.byte();
    const product = r.byte();
    const order: OrderFacts = {
      segment: compiled.segments[segment] ?? 'unknown',
      product: compiled.products[product] ?? 'unknown',
      route: ROUTE_CLASSES[(flags >> 2) & 3]!,
    };
    if (flags & HAS_ORDER_CAUSE) readOrderCause(r, order);
    state.order = order;
  }

  let previous = baseMs;
  for (let count = r.varint(); count > 0; count--) {
    const hash = r.uint32();
    const type = EVENT_TYPES[r.byte()]!;
    previous += r.time();
    state.events.push({ hash, type, timeMs: previous });
  }

  const valueCount = r.varint();
  if (valueCount > 0) {
    const values = copiedAtLength(NO_VALUES, compiled.slots.length);
    let known = false;
    for (let count = valueCount; count > 0; count--) {
      const slot = r.byte();
      const timeMs = r.time() + baseMs;
      const value = readValue(r, baseMs);
      // A slot the file does not name (written as UNKNOWN by an earlier encoder) is read past.
      if (slot >= values.length) continue;
      values[slot] = { value, timeMs };
      known = true;
    }
    // None known is none remembered: the shared empty list, as a new state has.
    if (known) state.values = values;
  }

  for (let count = r.varint(); count > 0; count--) {
    const event = state.events[r.varint()]!;
    state.marks.push({ hash: event.hash, clause: compiled.clauses[r.byte()]! });
  }

  for (let count = r.varint(); count > 0; count--) {
    const standard = compiled.standards[r.byte()]!.id;
    const packed = r.byte();
    const breach: ReportedBreach = {
      standard,
      level: LEVELS[packed & 3]!,
      status: BREACH_STATUSES[(packed >> 2) & 3]!,
      occurrence: packed & BREACH_RECURS ? r.time() + baseMs : 0,
    };
    if (packed & BREACH_HAS_DUE) breach.dueMs = r.time() + baseMs;
    state.breaches.push(breach);
  }

  // In index order, as written: a byte read at every fourth standard. A state
  // with none decided shares the empty list; otherwise it is made at the file's length.
  const standardCount = compiled.standards.length;
  let outcomes: Array<boolean | undefined> | undefined;
  let outcomeByte = 0;
  for (let index = 0; index < standardCount; index++) {
    if ((index & 3) === 0) outcomeByte = r.byte();
    const code = (outcomeByte >> ((index & 3) * 2)) & 3;
    if (code === 0) continue;
    outcomes ??= copiedAtLength(NO_OUTCOMES, standardCount);
    outcomes[index] = code === 1;
  }
  if (outcomes) state.outcomes = outcomes;

  // Every bit set is a pending deadline: the bytes come first, then the due times in bit order.
  const { deadlineIds } = compiled;
  const pendingBits: number[] = [];
  for (let first = 0; first < deadlineIds.length; first += 8) pendingBits.push(r.byte());
  for (let index = 0; index < deadlineIds.length; index++) {
    if ((pendingBits[index >> 3]! >> (index & 7)) & 1)
      state.pending.push({ id: deadlineIds[index]!, dueMs: r.time() + baseMs });
  }
  if (flags & HAS_LAST_SEEN) state.lastSeen = readLastSeen(r, state);
  if (!r.done) throw new RangeError('encoded shipment state has bytes left over');
  return state;
}

function hasCause(order: OrderFacts): boolean {
  return (
    order.customerId !== undefined || order.originCity !== undefined || order.destinationCity !== undefined
  );
}

/** Empty text stands for absent (see encodeState). */
function readOrderCause(r: ByteReader, order: OrderFacts): void {
  const customerId = r.text();
  const originCity = r.text();
  const destinationCity = r.text();
  if (customerId) order.customerId = customerId;
  if (originCity) order.originCity = originCity;
  if (destinationCity) order.destinationCity = destinationCity;
}

/** The event is referenced by its index in the log, which holds its hash and time: no time stored twice. */
function writeLastSeen(w: ByteWriter, state: ShipmentState, lastSeen: LastSeen): void {
  w.varint(eventIndex(state.events, lastSeen.hash));
  w.byte(LAST_SEEN_KINDS.indexOf(lastSeen.kind));
  w.text(lastSeen.id);
  w.text(lastSeen.courierId ?? '');
}

function readLastSeen(r: ByteReader, state: ShipmentState): LastSeen {
  const event = state.events[r.varint()];
  const kind = LAST_SEEN_KINDS[r.byte()];
  if (!event || !kind) throw new RangeError('encoded shipment state has an invalid last-seen record');
  const lastSeen: LastSeen = { hash: event.hash, kind, id: r.text() };
  const courierId = r.text();
  if (courierId) lastSeen.courierId = courierId;
  return lastSeen;
}
