import { type EventType, TOPIC_FAMILIES, type TopicFamily, topicFamilyOf } from '@slawatch/contract';
import type { Fault } from './faults.js';
import type { Random } from './random.js';
import type { SimulatedEvent } from './simulated-event.js';
import { shanghaiTime } from './time-text.js';

/** One Kafka record to publish: key = waybill, value = the CloudEvent (or a broken one). */
export interface SimulatedRecord {
  topicFamily: TopicFamily;
  key: string;
  value: string | Buffer;
  /** When to publish it, epoch ms; never before the event time, so no event comes from the future. */
  publishAtMs: number;
  waybill: string;
  /** The event type it carries (for malformed records, the type it was made from). */
  eventType: EventType;
  /** The publication fault that shaped this record, if any. */
  fault?: Fault;
  /** False for malformed records: the monitor must send them to the dead-letter topic. */
  valid: boolean;
  /** The id of the event it carries (valid records). */
  eventId?: string;
}

export const MALFORMED_KINDS = [
  'invalid_json',
  'not_utf8',
  'missing_data',
  'key_mismatch',
  'wrong_topic',
  'unknown_type',
  'invalid_time',
] as const;
export type MalformedKind = (typeof MALFORMED_KINDS)[number];

export function cloudEvent(waybill: string, event: SimulatedEvent): Record<string, unknown> {
  return {
    specversion: '1.0',
    id: event.id,
    source: event.source,
    type: event.type,
    time: shanghaiTime(event.timeMs),
    subject: waybill,
    datacontenttype: 'application/json',
    data: event.data,
  };
}

export function recordOf(waybill: string, event: SimulatedEvent): SimulatedRecord {
  return {
    topicFamily: topicFamilyOf(event.type),
    key: waybill,
    value: JSON.stringify(cloudEvent(waybill, event)),
    publishAtMs: event.timeMs,
    waybill,
    eventType: event.type,
    valid: true,
    eventId: event.id,
  };
}

/** A record that breaks the contract in one way, made from a valid event; its id is new so it can never pass as a duplicate. */
export function malformedRecord(
  waybill: string,
  event: SimulatedEvent,
  kind: MalformedKind,
  publishAtMs: number,
): SimulatedRecord {
  const body = { ...cloudEvent(waybill, event), id: `${event.id}-x` };
  let topicFamily = topicFamilyOf(event.type);
  let value: string | Buffer;
  switch (kind) {
    case 'invalid_json':
      value = JSON.stringify(body).slice(0, 40);
      break;
    case 'not_utf8':
      value = Buffer.concat([
        Buffer.from('{"specversion":"1.0","id":"'),
        Buffer.from([0xc3, 0x28, 0xff]),
        Buffer.from('"}'),
      ]);
      break;
    case 'missing_data':
      value = JSON.stringify({ ...body, data: undefined });
      break;
    case 'key_mismatch':
      value = JSON.stringify({ ...body, subject: `${waybill}X` });
      break;
    case 'wrong_topic':
      value = JSON.stringify(body);
      topicFamily = TOPIC_FAMILIES.find((family) => family !== topicFamily) ?? 'orders';
      break;
    case 'unknown_type':
      value = JSON.stringify({ ...body, type: `${event.type.split('.')[0]}.teleported` });
      break;
    case 'invalid_time':
      value = JSON.stringify({ ...body, time: '2026-13-01 25:00' });
      break;
  }
  return {
    topicFamily,
    key: waybill,
    value,
    publishAtMs,
    waybill,
    eventType: event.type,
    fault: 'malformed',
    valid: false,
  };
}

/** The smallest positive distance between event times, a third of it: room to move a record without passing the next. */
function nudgeOf(events: ReadonlyArray<SimulatedEvent>): number {
  let smallest = Number.POSITIVE_INFINITY;
  for (let i = 1; i < events.length; i++) {
    const distance = (events[i] as SimulatedEvent).timeMs - (events[i - 1] as SimulatedEvent).timeMs;
    if (distance > 0) smallest = Math.min(smallest, distance);
  }
  return Number.isFinite(smallest) ? Math.max(1, Math.floor(smallest / 3)) : 100;
}

export interface PublicationPlan {
  duplicate: boolean;
  outOfOrder: boolean;
  /** Publish the delivered event at this time instead of at its event time. */
  deliveredPublishAtMs?: number;
  malformed: boolean;
}

/** The records of a shipment, with the publication faults applied, in the order they are to be published. */
export function publish(
  random: Random,
  waybill: string,
  events: ReadonlyArray<SimulatedEvent>,
  plan: PublicationPlan,
): SimulatedRecord[] {
  const records = events.map((event) => recordOf(waybill, event));
  const nudge = nudgeOf(events);
  if (plan.deliveredPublishAtMs !== undefined) {
    const delivered = records.find((r) => r.eventType === 'delivery.delivered');
    if (delivered) {
      delivered.publishAtMs = Math.round(plan.deliveredPublishAtMs);
      delivered.fault = 'late_arrival';
    }
  }
  if (plan.outOfOrder) {
    // A pair of neighbours on different topics: the earlier one is published just after the later one.
    const candidates = records.flatMap((record, i) => {
      const next = records[i + 1];
      return next &&
        next.topicFamily !== record.topicFamily &&
        record.fault === undefined &&
        next.fault === undefined
        ? [i]
        : [];
    });
    if (candidates.length > 0) {
      const index = random.pick(candidates);
      const earlier = records[index] as SimulatedRecord;
      earlier.publishAtMs = (records[index + 1] as SimulatedRecord).publishAtMs + nudge;
      earlier.fault = 'out_of_order';
    }
  }
  if (plan.duplicate) {
    const original = random.pick(records);
    records.push({ ...original, publishAtMs: original.publishAtMs + nudge, fault: 'duplicate' });
  }
  if (plan.malformed) {
    const event = random.pick(events);
    records.push(malformedRecord(waybill, event, random.pick(MALFORMED_KINDS), event.timeMs + nudge));
  }
  return records.sort((a, b) => a.publishAtMs - b.publishAtMs);
}
