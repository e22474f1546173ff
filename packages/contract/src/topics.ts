import type { EventType } from './vocabulary.js';

/** The four input topic families; an event type's prefix names its family. */
export const TOPIC_FAMILIES = ['orders', 'dispatch', 'delivery', 'aftersales'] as const;
export type TopicFamily = (typeof TOPIC_FAMILIES)[number];

/** Default topic names; services may configure others, so code should refer to families, not names. */
export const DEFAULT_TOPICS = {
  orders: 'logistics.orders',
  dispatch: 'logistics.dispatch',
  delivery: 'logistics.delivery',
  aftersales: 'logistics.aftersales',
  breaches: 'slawatch.breaches',
  deadLetter: 'slawatch.dlq',
} as const;
export type TopicRole = keyof typeof DEFAULT_TOPICS;

/** The topic family that must carry each event type. */
export const TOPIC_OF_TYPE = {
  'order.created': 'orders',
  'order.cancelled': 'orders',
  'order.stockout': 'orders',
  'order.corrected': 'orders',
  'dispatch.picked_up': 'dispatch',
  'dispatch.hub_scan': 'dispatch',
  'dispatch.out_for_delivery': 'dispatch',
  'delivery.attempt_failed': 'delivery',
  'delivery.delivered': 'delivery',
  'delivery.exception': 'delivery',
  'delivery.returned': 'delivery',
  'aftersales.complaint_opened': 'aftersales',
  'aftersales.complaint_resolved': 'aftersales',
  'aftersales.claim_filed': 'aftersales',
  'aftersales.claim_settled': 'aftersales',
} as const satisfies Record<EventType, TopicFamily>;

/**
 * The same as a Map: a type read from JSON is a fresh string, which a
 * property lookup must first find among the interned ones; a Map only
 * hashes it, once per string. This runs for every record.
 */
const FAMILY_OF_TYPE = new Map<string, TopicFamily>(Object.entries(TOPIC_OF_TYPE));

export function topicFamilyOf(type: EventType): TopicFamily {
  // Built from TOPIC_OF_TYPE, which names every event type.
  return FAMILY_OF_TYPE.get(type)!;
}
