/** The contract version carried by dead-letter records and stated in every generated document. */
export const CONTRACT_VERSION = '1';

/** Customer segments; each segment gets its own service mix (see docs/standards.md). */
export const SEGMENTS = ['key_account', 'ecommerce', 'sme', 'individual'] as const;
export type Segment = (typeof SEGMENTS)[number];

/** Products a customer can order; the product decides the default delivery promise. */
export const PRODUCTS = ['same_day', 'next_day', 'second_day', 'standard'] as const;
export type Product = (typeof PRODUCTS)[number];

/** Every event type of contract v1, grouped by the topic family that carries it. */
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
