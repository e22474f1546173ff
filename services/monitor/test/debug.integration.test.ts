import { resolve } from 'node:path';
import { createRequire } from 'node:module';
const require = createRequire(import.meta.url);
import { type EventType, sampleEvent, topicFamilyOf } from '@slawatch/contract';
import type { BreachChange } from '@slawatch/evaluation';
import type { OutgoingRecord } from '@slawatch/kafka';
import { loadStandards, type Severity, type StandardsFile } from '@slawatch/standards';
import { afterAll, beforeAll, describe, expect, inject, it } from 'vitest';
import { testKafka, uniqueName } from '../../../test/harness/isolation.js';
import { eventually } from '../../../test/harness/metrics.js';
import { type ServiceProcess, startService } from '../../../test/harness/service-process.js';
import { isolatedMonitorEnvironment } from '../../../test/harness/topics.js';

/*
 * Every standard of the end-to-end file, through the real broker, the real
 * Redis and a real monitor process: for each, shipments that break it (the
 * breach must reach the breaches topic with every field right) and shipments
 * that keep it (nothing may reach the topic). All shipments share one
 * timeline that starts at T0 and are published as their events happen, so
 * deadlines fire from the wall clock as in production.
 */

const STANDARDS_FILE = 'services/monitor/test/fixtures/e2e-standards.yaml';
const VERSION = '2026.11-e2e';
/** Every due time of the file passes before this (seconds after T0); then the topic is read for the verdict. */
const QUIET_AFTER = 14;
/** How late a fired deadline may reach the topic: poll interval, commit and relay on a busy machine. */
const FIRING_SLACK_MS = 3_000;

type Segment = 'key_account' | 'ecommerce' | 'sme' | 'individual';
type Product = 'same_day' | 'next_day' | 'second_day' | 'standard';
type Route = 'same_city' | 'intra_province' | 'inter_province' | 'remote';
type Level = 'warn' | 'breach' | 'critical';

const DESTINATIONS: Record<Route, { province: string; city: string }> = {
  same_city: { province: 'Zhejiang', city: 'Hangzhou' },
  intra_province: { province: 'Zhejiang', city: 'Ningbo' },
  inter_province: { province: 'Shanghai', city: 'Shanghai' },
  remote: { province: 'Xinjiang', city: 'Urumqi' },
};

/** An event of the shipment `at` seconds after T0, with data fields replacing the sample's. */
interface Step {
  at: number;
  type: EventType;
  data?: Record<string, unknown>;
}

/** One change the topic must carry for the waybill. */
interface Expected {
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

interface Shipment {
  waybill: string;
  /** The standards this shipment is about: it breaks them, or keeps them when `expected` is empty. */
  about: string[];
  segment: Segment;
  product: Product;
  route: Route;
  pieces?: number;
  /** promisedDeliveryBy, seconds after T0. */
  promisedAt?: number;
  steps: Step[];
  /** Every change the topic carries for this waybill: nothing else may appear. */
  expected: Expected[];
}

const at = (seconds: number, type: EventType, data?: Record<string, unknown>): Step =>
  data ? { at: seconds, type, data } : { at: seconds, type };

/** Hub scans every second, so tracking keeps moving while a shipment is late for something else. */
const scans = (from: number, to: number): Step[] => {
  const steps: Step[] = [];
  for (let t = from; t <= to + 1e-9; t += 1) steps.push(at(Math.round(t * 10) / 10, 'dispatch.hub_scan'));
  return steps;
};

const RECIPIENT = { handover: 'recipient', condition: 'intact', pieces: 2 };
/** A shipment that keeps every standard: each event at no more than 40 % of any limit it is measured by. */
const cleanSteps = (delivered: Record<string, unknown> = RECIPIENT): Step[] => [
  at(0.5, 'dispatch.picked_up', { pieces: 2 }),
  at(1, 'dispatch.hub_scan'),
  at(1.5, 'dispatch.out_for_delivery'),
  at(2, 'delivery.delivered', delivered),
];
const late = (standard: string, severity: Severity, dueAt: number, level: Level = 'breach'): Expected => ({
  standard,
  level,
  status: 'open',
  severity,
  dueAt,
  by: 'clock',
});

const SHIPMENTS: Shipment[] = [
  // pickup_on_time: 3 s by default, 4 s for key accounts, warn 3 s / breach 6 s for e-commerce.
  {
    waybill: 'PICKUP-LATE-IND',
    about: ['pickup_on_time'],
    segment: 'individual',
    product: 'standard', // measured from pickup, so no delivery deadline runs while it waits
    route: 'inter_province',
    steps: [],
    expected: [late('pickup_on_time', 'major', 3)],
  },
  {
    waybill: 'PICKUP-LATE-KEY',
    about: ['pickup_on_time'],
    segment: 'key_account',
    product: 'standard',
    route: 'inter_province',
    steps: [],
    expected: [late('pickup_on_time', 'critical', 4)],
  },
  {
    waybill: 'PICKUP-LATE-ECOM',
    about: ['pickup_on_time'],
    segment: 'ecommerce',
    product: 'standard',
    route: 'inter_province',
    steps: [],
    expected: [late('pickup_on_time', 'minor', 3, 'warn'), late('pickup_on_time', 'major', 6)],
  },
  {
    // A pickup after the deadline fired does not close the breach: it stays open, reported once.
    waybill: 'PICKUP-LATE-ARRIVES',
    about: ['pickup_on_time'],
    segment: 'individual',
    product: 'standard',
    route: 'inter_province',
    steps: [
      at(4.5, 'dispatch.picked_up'),
      at(5, 'dispatch.hub_scan'),
      at(5.5, 'dispatch.out_for_delivery'),
      at(6, 'delivery.delivered', RECIPIENT),
    ],
    expected: [late('pickup_on_time', 'major', 3)],
  },
  {
    waybill: 'PICKUP-IN-TIME-IND',
    about: ['pickup_on_time', 'tracking_keeps_moving', 'delivered_on_time', 'lost', 'delivery_attempt_made'],
    segment: 'individual',
    product: 'next_day',
    route: 'inter_province',
    steps: cleanSteps(),
    expected: [],
  },
  {
    waybill: 'PICKUP-IN-TIME-KEY',
    about: ['pickup_on_time'],
    segment: 'key_account',
    product: 'next_day',
    route: 'inter_province',
    steps: cleanSteps(),
    expected: [],
  },
  {
    waybill: 'PICKUP-IN-TIME-ECOM',
    about: ['pickup_on_time'],
    segment: 'ecommerce',
    product: 'next_day',
    route: 'inter_province',
    steps: cleanSteps(),
    expected: [],
  },
  {
    // Cancelled before the pickup was due: the deadline is avoided, not breached.
    waybill: 'CANCELLED-BEFORE-PICKUP',
    about: ['pickup_on_time', 'delivered_on_time', 'lost'],
    segment: 'individual',
    product: 'next_day',
    route: 'inter_province',
    steps: [at(1, 'order.cancelled')],
    expected: [],
  },

  // order_information_accuracy: a correction after pickup, or other pieces than ordered.
  {
    waybill: 'INFO-CORRECTED-LATE-IND',
    about: ['order_information_accuracy'],
    segment: 'individual',
    product: 'next_day',
    route: 'inter_province',
    steps: [...cleanSteps(), at(1.2, 'order.corrected')],
    expected: [
      { standard: 'order_information_accuracy', level: 'breach', status: 'open', severity: 'minor', by: 'order.corrected' },
    ],
  },
  {
    waybill: 'INFO-PIECES-DIFFER-KEY',
    about: ['order_information_accuracy'],
    segment: 'key_account',
    product: 'next_day',
    route: 'inter_province',
    pieces: 2,
    steps: [
      at(0.5, 'dispatch.picked_up', { pieces: 3 }),
      at(1, 'dispatch.hub_scan'),
      at(1.5, 'dispatch.out_for_delivery'),
      at(2, 'delivery.delivered', { ...RECIPIENT, pieces: 3 }),
    ],
    expected: [
      {
        standard: 'order_information_accuracy',
        level: 'breach',
        status: 'open',
        severity: 'major',
        // The order and the pickup travel on different topics: whichever is judged second completes the comparison.
        by: ['dispatch.picked_up', 'order.created'],
      },
    ],
  },
  {
    waybill: 'INFO-CORRECTED-EARLY',
    about: ['order_information_accuracy'],
    segment: 'individual',
    product: 'next_day',
    route: 'inter_province',
    steps: [at(0.2, 'order.corrected'), ...cleanSteps()],
    expected: [],
  },

  // stockout: any stockout on the order.
  {
    waybill: 'STOCKOUT-IND',
    about: ['stockout'],
    segment: 'individual',
    product: 'next_day',
    route: 'inter_province',
    steps: [at(0.2, 'order.stockout'), ...cleanSteps()],
    expected: [{ standard: 'stockout', level: 'breach', status: 'open', severity: 'minor', by: 'order.stockout' }],
  },
  {
    waybill: 'STOCKOUT-KEY',
    about: ['stockout'],
    segment: 'key_account',
    product: 'next_day',
    route: 'inter_province',
    steps: [at(0.2, 'order.stockout'), ...cleanSteps()],
    expected: [{ standard: 'stockout', level: 'breach', status: 'open', severity: 'major', by: 'order.stockout' }],
  },
  {
    waybill: 'NO-STOCKOUT',
    about: ['stockout', 'order_information_accuracy'],
    segment: 'key_account',
    product: 'second_day',
    route: 'same_city',
    steps: cleanSteps(),
    expected: [],
  },

  // tracking_keeps_moving: warn 3 s, breach 6 s, critical 9 s without any event after pickup.
  {
    // Never moves again: every silence level, and the delivery and lost deadlines too.
    waybill: 'SILENT-IND',
    about: ['tracking_keeps_moving', 'lost'],
    segment: 'individual',
    product: 'standard',
    route: 'inter_province',
    steps: [at(0.5, 'dispatch.picked_up')],
    expected: [
      { ...late('tracking_keeps_moving', 'minor', 3.5, 'warn'), gapFrom: 0.5 },
      { ...late('tracking_keeps_moving', 'major', 6.5, 'breach'), gapFrom: 0.5 },
      { ...late('tracking_keeps_moving', 'critical', 9.5, 'critical'), gapFrom: 0.5 },
      late('delivered_on_time', 'major', 5.5), // standard inter-province: 5 s from pickup
      late('lost', 'critical', 11.5), // delivered_on_time's due + 6 s off the same city
    ],
  },
  {
    // Quiet for 4.2 s: the warning opens, then resolves when the parcel is scanned again.
    waybill: 'SILENT-KEY-RESUMES',
    about: ['tracking_keeps_moving'],
    segment: 'key_account',
    product: 'next_day',
    route: 'inter_province',
    promisedAt: 20,
    steps: [
      at(0.5, 'dispatch.picked_up'),
      at(4.7, 'dispatch.hub_scan'),
      at(5.2, 'dispatch.hub_scan'),
      at(5.7, 'dispatch.out_for_delivery'),
      at(6.2, 'delivery.delivered', RECIPIENT),
    ],
    expected: [
      { ...late('tracking_keeps_moving', 'major', 3.5, 'warn'), gapFrom: 0.5 },
      {
        standard: 'tracking_keeps_moving',
        level: 'warn',
        status: 'resolved',
        severity: 'major',
        dueAt: 3.5,
        gapFrom: 0.5,
        by: 'dispatch.hub_scan',
      },
    ],
  },
  {
    waybill: 'MOVING-STANDARD-IND',
    about: ['tracking_keeps_moving', 'delivered_on_time'],
    segment: 'individual',
    product: 'standard',
    route: 'inter_province',
    steps: cleanSteps(),
    expected: [],
  },

  // delivered_on_time: the promised time if given, else by product and route; delivered late, before lost.
  {
    waybill: 'LATE-PROMISED-IND',
    about: ['delivered_on_time', 'lost'],
    segment: 'individual',
    product: 'next_day', // 5 s by product, but the promise (4 s) comes first
    route: 'inter_province',
    promisedAt: 4,
    steps: [
      at(0.5, 'dispatch.picked_up'),
      ...scans(1.5, 3.5),
      at(4.5, 'dispatch.out_for_delivery'),
      at(5.5, 'delivery.delivered', RECIPIENT),
    ],
    expected: [late('delivered_on_time', 'major', 4)],
  },
  {
    waybill: 'LATE-SECOND-DAY-KEY',
    about: ['delivered_on_time', 'lost'],
    segment: 'key_account',
    product: 'second_day',
    route: 'intra_province',
    steps: [
      at(0.5, 'dispatch.picked_up'),
      ...scans(1.5, 5.5),
      at(6.5, 'dispatch.out_for_delivery'),
      at(7.5, 'delivery.delivered', RECIPIENT),
    ],
    expected: [late('delivered_on_time', 'critical', 6)],
  },
  {
    waybill: 'LATE-STANDARD-INTRA-IND',
    about: ['delivered_on_time', 'lost'],
    segment: 'individual',
    product: 'standard', // 4 s from the pickup at 0.5 s
    route: 'intra_province',
    steps: [
      at(0.5, 'dispatch.picked_up'),
      ...scans(1.5, 3.5),
      at(4.5, 'dispatch.out_for_delivery'),
      at(5.5, 'delivery.delivered', RECIPIENT),
    ],
    expected: [late('delivered_on_time', 'major', 4.5)],
  },
  {
    waybill: 'LATE-REMOTE-ECOM',
    about: ['delivered_on_time', 'lost'],
    segment: 'ecommerce',
    product: 'next_day', // remote: 7 s instead of 5 s
    route: 'remote',
    steps: [
      at(0.5, 'dispatch.picked_up'),
      ...scans(1.5, 6.5),
      at(7, 'dispatch.out_for_delivery'),
      at(8, 'delivery.delivered', RECIPIENT),
    ],
    expected: [late('delivered_on_time', 'major', 7)],
  },
  {
    waybill: 'IN-TIME-PROMISED',
    about: ['delivered_on_time', 'lost'],
    segment: 'sme',
    product: 'same_day',
    route: 'same_city',
    promisedAt: 6,
    steps: cleanSteps(),
    expected: [],
  },

  // lost: delivered_on_time's due + 3 s in the same city (+ 6 s otherwise: SILENT-IND).
  {
    waybill: 'LOST-SAME-CITY-ECOM',
    about: ['lost', 'delivered_on_time'],
    segment: 'ecommerce',
    product: 'next_day',
    route: 'same_city',
    steps: [
      at(0.5, 'dispatch.picked_up'),
      ...scans(1.5, 8.5),
      at(9, 'dispatch.out_for_delivery'),
      at(9.5, 'delivery.delivered', RECIPIENT),
    ],
    expected: [late('delivered_on_time', 'major', 5), late('lost', 'critical', 8)],
  },

  // delivery_attempt_made: delivered or attempted within 4 s of going out for delivery.
  {
    waybill: 'ATTEMPT-LATE-SME',
    about: ['delivery_attempt_made'],
    segment: 'sme',
    product: 'next_day',
    route: 'inter_province',
    promisedAt: 20,
    steps: [
      at(0.5, 'dispatch.picked_up'),
      at(1, 'dispatch.hub_scan'),
      at(1.5, 'dispatch.out_for_delivery'),
      ...scans(2.5, 6.5),
      at(7, 'delivery.delivered', RECIPIENT),
    ],
    expected: [late('delivery_attempt_made', 'major', 5.5)],
  },
  {
    waybill: 'ATTEMPT-LATE-KEY',
    about: ['delivery_attempt_made'],
    segment: 'key_account',
    product: 'next_day',
    route: 'inter_province',
    promisedAt: 20,
    steps: [
      at(0.5, 'dispatch.picked_up'),
      at(1, 'dispatch.out_for_delivery'),
      ...scans(2, 6),
      at(6.5, 'delivery.delivered', RECIPIENT),
    ],
    expected: [late('delivery_attempt_made', 'critical', 5)],
  },
  {
    waybill: 'ATTEMPT-FAILED-IN-TIME',
    about: ['delivery_attempt_made', 'delivery_attempts_limit'],
    segment: 'individual',
    product: 'next_day',
    route: 'inter_province',
    promisedAt: 20,
    steps: [
      at(0.5, 'dispatch.picked_up'),
      at(1, 'dispatch.out_for_delivery'),
      at(2, 'delivery.attempt_failed'),
      at(2.5, 'dispatch.out_for_delivery'),
      at(3, 'delivery.delivered', RECIPIENT),
    ],
    expected: [],
  },

  // delivery_attempts_limit: more than 2 failed attempts.
  {
    waybill: 'ATTEMPTS-THREE-KEY',
    about: ['delivery_attempts_limit'],
    segment: 'key_account',
    product: 'next_day',
    route: 'inter_province',
    promisedAt: 20,
    steps: [
      at(0.5, 'dispatch.picked_up'),
      at(1, 'dispatch.out_for_delivery'),
      at(1.5, 'delivery.attempt_failed'),
      at(2, 'delivery.attempt_failed'),
      at(2.5, 'delivery.attempt_failed'),
      at(3, 'delivery.delivered', RECIPIENT),
    ],
    expected: [
      {
        standard: 'delivery_attempts_limit',
        level: 'breach',
        status: 'open',
        severity: 'critical',
        by: 'delivery.attempt_failed',
      },
    ],
  },
  {
    waybill: 'ATTEMPTS-THREE-IND',
    about: ['delivery_attempts_limit'],
    segment: 'individual',
    product: 'next_day',
    route: 'inter_province',
    promisedAt: 20,
    steps: [
      at(0.5, 'dispatch.picked_up'),
      at(1, 'dispatch.out_for_delivery'),
      at(1.5, 'delivery.attempt_failed'),
      at(2, 'delivery.attempt_failed'),
      at(2.5, 'delivery.attempt_failed'),
      at(3, 'delivery.delivered', RECIPIENT),
    ],
    expected: [
      {
        standard: 'delivery_attempts_limit',
        level: 'breach',
        status: 'open',
        severity: 'major',
        by: 'delivery.attempt_failed',
      },
    ],
  },
  {
    waybill: 'ATTEMPTS-TWO',
    about: ['delivery_attempts_limit'],
    segment: 'individual',
    product: 'next_day',
    route: 'inter_province',
    promisedAt: 20,
    steps: [
      at(0.5, 'dispatch.picked_up'),
      at(1, 'dispatch.out_for_delivery'),
      at(1.5, 'delivery.attempt_failed'),
      at(2, 'delivery.attempt_failed'),
      at(2.5, 'delivery.delivered', RECIPIENT),
    ],
    expected: [],
  },

  // delivered_intact_and_complete: damaged, fewer pieces than picked up, or a lost/damaged exception.
  {
    waybill: 'DAMAGED-IND',
    about: ['delivered_intact_and_complete'],
    segment: 'individual',
    product: 'next_day',
    route: 'inter_province',
    steps: cleanSteps({ ...RECIPIENT, condition: 'damaged' }),
    expected: [
      {
        standard: 'delivered_intact_and_complete',
        level: 'breach',
        status: 'open',
        severity: 'major',
        by: 'delivery.delivered',
      },
    ],
  },
  {
    waybill: 'PIECES-SHORT-SME',
    about: ['delivered_intact_and_complete'],
    segment: 'sme',
    product: 'next_day',
    route: 'inter_province',
    pieces: 3,
    steps: [
      at(0.5, 'dispatch.picked_up', { pieces: 3 }),
      at(1, 'dispatch.hub_scan'),
      at(1.5, 'dispatch.out_for_delivery'),
      at(2, 'delivery.delivered', { ...RECIPIENT, pieces: 2 }),
    ],
    expected: [
      {
        standard: 'delivered_intact_and_complete',
        level: 'breach',
        status: 'open',
        severity: 'major',
        by: 'delivery.delivered',
      },
    ],
  },
  {
    waybill: 'EXCEPTION-LOST-KEY',
    about: ['delivered_intact_and_complete'],
    segment: 'key_account',
    product: 'next_day',
    route: 'inter_province',
    steps: [...cleanSteps(), at(1.2, 'delivery.exception', { kind: 'lost' })],
    expected: [
      {
        standard: 'delivered_intact_and_complete',
        level: 'breach',
        status: 'open',
        severity: 'critical',
        by: 'delivery.exception',
      },
    ],
  },
  {
    waybill: 'EXCEPTION-MISROUTED',
    about: ['delivered_intact_and_complete'],
    segment: 'individual',
    product: 'next_day',
    route: 'inter_province',
    steps: [...cleanSteps(), at(1.2, 'delivery.exception', { kind: 'misrouted' })],
    expected: [],
  },

  // consented_handover: locker, station or proxy without the recipient's consent.
  {
    waybill: 'LOCKER-NO-CONSENT-SME',
    about: ['consented_handover'],
    segment: 'sme',
    product: 'next_day',
    route: 'inter_province',
    steps: cleanSteps({ pieces: 2, condition: 'intact', handover: 'locker', consented: false }),
    expected: [
      { standard: 'consented_handover', level: 'breach', status: 'open', severity: 'major', by: 'delivery.delivered' },
    ],
  },
  {
    waybill: 'STATION-NO-CONSENT-KEY',
    about: ['consented_handover'],
    segment: 'key_account',
    product: 'next_day',
    route: 'inter_province',
    steps: cleanSteps({ pieces: 2, condition: 'intact', handover: 'station', consented: false }),
    expected: [
      {
        standard: 'consented_handover',
        level: 'breach',
        status: 'open',
        severity: 'critical',
        by: 'delivery.delivered',
      },
    ],
  },
  {
    waybill: 'PROXY-CONSENTED',
    about: ['consented_handover', 'delivered_intact_and_complete'],
    segment: 'individual',
    product: 'next_day',
    route: 'inter_province',
    steps: cleanSteps({ pieces: 2, condition: 'intact', handover: 'proxy', consented: true }),
    expected: [],
  },

  // complaint_answered: 3 s key accounts, 4 s e-commerce and sme, 5 s individuals; 8 s critical for all.
  {
    waybill: 'COMPLAINT-OPEN-IND',
    about: ['complaint_answered'],
    segment: 'individual',
    product: 'next_day',
    route: 'inter_province',
    steps: [...cleanSteps(), at(2.5, 'aftersales.complaint_opened')],
    expected: [late('complaint_answered', 'major', 7.5), late('complaint_answered', 'critical', 10.5, 'critical')],
  },
  {
    waybill: 'COMPLAINT-OPEN-KEY',
    about: ['complaint_answered'],
    segment: 'key_account',
    product: 'next_day',
    route: 'inter_province',
    steps: [...cleanSteps(), at(2.5, 'aftersales.complaint_opened')],
    expected: [
      late('complaint_answered', 'critical', 5.5),
      late('complaint_answered', 'critical', 10.5, 'critical'),
    ],
  },
  {
    // Answered after the 4 s limit but before the 8 s critical one.
    waybill: 'COMPLAINT-LATE-SME',
    about: ['complaint_answered'],
    segment: 'sme',
    product: 'next_day',
    route: 'inter_province',
    steps: [...cleanSteps(), at(2.5, 'aftersales.complaint_opened'), at(8, 'aftersales.complaint_resolved')],
    expected: [late('complaint_answered', 'major', 6.5)],
  },
  {
    waybill: 'COMPLAINT-ANSWERED-KEY',
    about: ['complaint_answered'],
    segment: 'key_account',
    product: 'next_day',
    route: 'inter_province',
    steps: [...cleanSteps(), at(2.5, 'aftersales.complaint_opened'), at(3.5, 'aftersales.complaint_resolved')],
    expected: [],
  },

  // claim_settled: 3 s key accounts, 6 s others.
  {
    waybill: 'CLAIM-OPEN-IND',
    about: ['claim_settled'],
    segment: 'individual',
    product: 'next_day',
    route: 'inter_province',
    steps: [...cleanSteps(), at(2.5, 'aftersales.claim_filed')],
    expected: [late('claim_settled', 'major', 8.5)],
  },
  {
    waybill: 'CLAIM-OPEN-KEY',
    about: ['claim_settled'],
    segment: 'key_account',
    product: 'next_day',
    route: 'inter_province',
    steps: [...cleanSteps(), at(2.5, 'aftersales.claim_filed')],
    expected: [late('claim_settled', 'critical', 5.5)],
  },
  {
    waybill: 'CLAIM-SETTLED-IND',
    about: ['claim_settled'],
    segment: 'individual',
    product: 'next_day',
    route: 'inter_province',
    steps: [...cleanSteps(), at(2.5, 'aftersales.claim_filed'), at(4.5, 'aftersales.claim_settled')],
    expected: [],
  },
];

const kafka = testKafka();
let service: ServiceProcess | undefined;
let standards: StandardsFile;
let startMs = 0;
const changes: BreachChange[] = [];
const stopReading: Array<() => Promise<void>> = [];

afterAll(async () => {
  await Promise.allSettled(stopReading.map((stop) => stop()));
  await service?.kill();
});

const timeOf = (seconds: number) => new Date(startMs + Math.round(seconds * 1000)).toISOString();

/** The shipment's events in timeline order, each with a stable id, starting with its order at T0. */
function eventsOf(shipment: Shipment) {
  const steps = [at(0, 'order.created'), ...shipment.steps].sort((a, b) => a.at - b.at);
  return steps.map((step, index) => {
    const event = sampleEvent(step.type, { subject: shipment.waybill, id: `${shipment.waybill}-${index}`, time: timeOf(step.at) });
    const data = event.data as Record<string, unknown>;
    if (step.type === 'order.created') {
      Object.assign(data, {
        segment: shipment.segment,
        product: shipment.product,
        origin: { province: 'Zhejiang', city: 'Hangzhou' },
        destination: DESTINATIONS[shipment.route],
        pieces: shipment.pieces ?? 2,
      });
      // The sample's promise is a fixed date; only the shipments that promise a time keep one.
      if (shipment.promisedAt === undefined) delete data['promisedDeliveryBy'];
      else data['promisedDeliveryBy'] = timeOf(shipment.promisedAt);
    }
    Object.assign(data, step.data ?? {});
    return { at: step.at, type: step.type, event };
  });
}

/** Publishes every shipment's events as they happen: each at its own time on its family's topic. */
async function playTimeline(topics: Record<string, string>) {
  const producer = kafka.producer();
  await producer.connect();
  try {
    const all = SHIPMENTS.flatMap(eventsOf).sort((a, b) => a.at - b.at);
    const moments = [...new Set(all.map((e) => e.at))];
    for (const moment of moments) {
      const wait = startMs + moment * 1000 - Date.now();
      if (wait > 0) await new Promise((resolve) => setTimeout(resolve, wait));
      const byTopic = new Map<string, OutgoingRecord[]>();
      for (const { event, type } of all.filter((e) => e.at === moment)) {
        const topic = topics[topicFamilyOf(type)]!;
        byTopic.set(topic, [...(byTopic.get(topic) ?? []), { key: event.subject, value: JSON.stringify(event) }]);
      }
      await producer.sendMany(byTopic);
    }
  } finally {
    await producer.disconnect();
  }
}

const keyOf = (waybill: string, e: Expected) =>
  `${waybill}:${e.standard}:${e.level}:${e.gapFrom === undefined ? 1 : Date.parse(timeOf(e.gapFrom))}|${e.status}`;

beforeAll(async () => {
  const root = inject('repositoryRoot');
  standards = loadStandards(resolve(root, STANDARDS_FILE));
  const { topics, env } = isolatedMonitorEnvironment('standards', {
    STANDARDS_FILE,
    DEADLINE_POLL_INTERVAL_MS: '100',
  });
  service = await startService('monitor', env);
  const consumer = kafka.consumer({ groupId: uniqueName('breach-reader'), topics: [topics.breaches] });
  stopReading.push(() => consumer.stop());
  await consumer.start(async (batch) => {
    for (const record of batch.records) changes.push(JSON.parse(String(record.value)) as BreachChange);
  });

  startMs = Date.now() + 500;
  await playTimeline(topics);
  const wanted = SHIPMENTS.flatMap((s) => s.expected.map((e) => keyOf(s.waybill, e)));
  await eventually(
    'every expected breach change on the topic',
    async () => {
      const seen = new Set(changes.map((c) => `${c.breachId}|${c.status}`));
      return wanted.every((k) => seen.has(k));
    },
    30_000,
  );
  // Shipments that keep their standards must still be quiet once every due time they had has passed.
  const quiet = startMs + QUIET_AFTER * 1000 - Date.now();
  if (quiet > 0) await new Promise((resolve) => setTimeout(resolve, quiet));
  await new Promise((resolve) => setTimeout(resolve, 1_000));
}, 120_000);

function expectedRecord(shipment: Shipment, e: Expected, events: ReturnType<typeof eventsOf>) {
  const standard = standards.standards.find((s) => s.id === e.standard)!;
  const causes = e.by === 'clock' ? [] : Array.isArray(e.by) ? e.by : [e.by];
  return {
    record: {
      breachId: keyOf(shipment.waybill, e).split('|')[0],
      status: e.status,
      waybill: shipment.waybill,
      standard: e.standard,
      title: standard.title,
      titleZh: standard.titleZh,
      action: standard.action,
      element: standard.element,
      phase: standard.phase,
      segment: shipment.segment,
      product: shipment.product,
      route: shipment.route,
      severity: e.severity,
      level: e.level,
      ...(e.dueAt === undefined ? {} : { dueAt: timeOf(e.dueAt) }),
      detectedAt: expect.any(String),
      evidence: e.by === 'clock' ? [] : [expect.any(String)],
      standardsVersion: VERSION,
    },
    /** Ids of the events that may have caused the change. */
    causes: events.filter((x) => causes.includes(x.type)),
  };
}

function checkShipment(shipment: Shipment) {
  require('node:fs').writeFileSync('/tmp/e2e-changes.json', JSON.stringify({startMs, changes, output: service!.output.join('')}, null, 1));
  const mine = changes.filter((c) => c.waybill === shipment.waybill);
  // Exactly the expected changes, each once: nothing more for this waybill.
  expect(mine.map((c) => `${c.breachId}|${c.status}`).sort(), shipment.waybill).toEqual(
    shipment.expected.map((e) => keyOf(shipment.waybill, e)).sort(),
  );
  const events = eventsOf(shipment);
  for (const e of shipment.expected) {
    const key = keyOf(shipment.waybill, e);
    const change = mine.find((c) => `${c.breachId}|${c.status}` === key)!;
    const { record, causes } = expectedRecord(shipment, e, events);
    expect(change, key).toEqual(record);
    const detectedMs = Date.parse(change.detectedAt);
    if (e.by === 'clock') {
      // Fired from the wall clock: at or after the due time, and promptly.
      const dueMs = Date.parse(timeOf(e.dueAt!));
      expect(detectedMs, `${key} detectedAt`).toBeGreaterThanOrEqual(dueMs);
      expect(detectedMs, `${key} detectedAt`).toBeLessThanOrEqual(dueMs + FIRING_SLACK_MS);
    } else {
      const cause = causes.find((x) => x.event.id === change.evidence[0]);
      expect(cause, `${key} evidence ${change.evidence[0]}`).toBeDefined();
      expect(detectedMs, `${key} detectedAt`).toBeGreaterThanOrEqual(Date.parse(cause!.event.time));
    }
  }
}

describe('every standard end to end through the broker, Redis and the monitor', () => {
  it('has a breaking and a keeping shipment for every standard of the file', () => {
    for (const { id } of standards.standards) {
      const about = SHIPMENTS.filter((s) => s.about.includes(id));
      expect(about.some((s) => s.expected.some((e) => e.standard === id)), `${id} broken`).toBe(true);
      expect(about.some((s) => s.expected.every((e) => e.standard !== id)), `${id} kept`).toBe(true);
    }
  });

  const ids = [...new Set(SHIPMENTS.flatMap((s) => s.about))];
  it.each(ids)('%s: breaches carry every field, kept standards produce nothing', (id) => {
    for (const shipment of SHIPMENTS.filter((s) => s.about.includes(id))) checkShipment(shipment);
  });

  it('publishes nothing for waybills it was not given', () => {
    const known = new Set(SHIPMENTS.map((s) => s.waybill));
    expect(changes.filter((c) => !known.has(c.waybill))).toEqual([]);
  });
});
