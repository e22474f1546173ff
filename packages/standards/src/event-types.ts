/** Every event type upstream publishes; standards may name only these. */
export const EVENT_TYPES = [
  'order.created',
  'order.cancelled',
  'order.stockout',
  'order.corrected',
  'dispatch.picked_up',
  'dispatch.hub_scan',
  'dispatch.out_for_delivery',
  'delivery.attempt_failed',
  'delivery.delivered',
  'delivery.exception',
  'delivery.returned',
  'aftersales.complaint_opened',
  'aftersales.complaint_resolved',
  'aftersales.claim_filed',
  'aftersales.claim_settled',
] as const;

export type EventType = (typeof EVENT_TYPES)[number];
