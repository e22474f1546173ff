import type { EventType } from '@slawatch/contract';
import type { Severity } from '@slawatch/standards';

/*
 * The shipments of the end-to-end standards test, one module per group of
 * standards. All share one timeline that starts at T0; times are seconds
 * after it, and the limits are those of fixtures/e2e-standards.yaml.
 */

export type Segment = 'key_account' | 'ecommerce' | 'sme' | 'individual';
export type Product = 'same_day' | 'next_day' | 'second_day' | 'standard';
export type Route = 'same_city' | 'intra_province' | 'inter_province' | 'remote';
export type Level = 'warn' | 'breach' | 'critical';

/** An event of the shipment `at` seconds after T0, with data fields replacing the sample's. */
export interface Step {
  at: number;
  type: EventType;
  data?: Record<string, unknown>;
}

/** One change the topic must carry for the waybill. */
export interface Expected {
  standard: string;
  level: Level;
  status: 'open' | 'resolved';
  severity: Severity;
  /** Seconds after T0; deadlines and silence only. */
  dueAt?: number;
  /** Silence: the start of the gap, seconds after T0. */
  gapFrom?: number;
  /** `clock` when a fired deadline caused it, else the event type(s) whose event may have caused it. */
  by: 'clock' | EventType | EventType[];
}

/** What the order says: who sends it, which product, which route, how many pieces, and any promise. */
export interface Order {
  segment: Segment;
  product: Product;
  route: Route;
  pieces?: number;
  /** promisedDeliveryBy, seconds after T0. */
  promisedAt?: number;
}

export interface Shipment extends Order {
  waybill: string;
  /** The standards this shipment is about: it breaks them, or keeps them when `expected` is empty. */
  about: string[];
  steps: Step[];
  /** Every change the topic carries for this waybill: nothing else may appear. */
  expected: Expected[];
}

export const at = (seconds: number, type: EventType, data?: Record<string, unknown>): Step =>
  data ? { at: seconds, type, data } : { at: seconds, type };

export const order = (segment: Segment, product: Product, route: Route): Order => ({
  segment,
  product,
  route,
});

/** The most common order: next day, across provinces. */
export const nextDay = (segment: Segment): Order => order(segment, 'next_day', 'inter_province');

/** Hub scans every second, so tracking keeps moving while a shipment is late for something else. */
export const scans = (from: number, to: number): Step[] => {
  const steps: Step[] = [];
  for (let t = from; t <= to + 1e-9; t += 1) steps.push(at(Math.round(t * 10) / 10, 'dispatch.hub_scan'));
  return steps;
};

/** Picked up at 0.5 s, scanned each second until `lastScan`, out for delivery, then delivered. */
export const scannedUntil = (lastScan: number, outAt = lastScan + 1, deliveredAt = outAt + 1): Step[] => [
  at(0.5, 'dispatch.picked_up'),
  ...scans(1.5, lastScan),
  at(outAt, 'dispatch.out_for_delivery'),
  at(deliveredAt, 'delivery.delivered', RECIPIENT),
];

export const RECIPIENT = { handover: 'recipient', condition: 'intact', pieces: 2 };

/** A shipment that keeps every standard: each event at no more than 40 % of any limit it is measured by. */
export const cleanSteps = (delivered: Record<string, unknown> = RECIPIENT): Step[] => [
  at(0.5, 'dispatch.picked_up', { pieces: 2 }),
  at(1, 'dispatch.hub_scan'),
  at(1.5, 'dispatch.out_for_delivery'),
  at(2, 'delivery.delivered', delivered),
];

/** Out for delivery at 1 s, `failed` attempts half a second apart, delivered half a second after the last. */
export const failedAttempts = (failed: number): Step[] => {
  const attempts = Array.from({ length: failed }, (_, i) => at(1.5 + i * 0.5, 'delivery.attempt_failed'));
  return [
    at(0.5, 'dispatch.picked_up'),
    at(1, 'dispatch.out_for_delivery'),
    ...attempts,
    at(1.5 + failed * 0.5, 'delivery.delivered', RECIPIENT),
  ];
};

/** Opened by the wall clock at its due time. */
export const late = (
  standard: string,
  severity: Severity,
  dueAt: number,
  level: Level = 'breach',
): Expected => ({
  standard,
  level,
  status: 'open',
  severity,
  dueAt,
  by: 'clock',
});

/** Opened at the breach level by an event of the shipment. */
export const openedBy = (standard: string, severity: Severity, by: Expected['by']): Expected => ({
  standard,
  level: 'breach',
  status: 'open',
  severity,
  by,
});
