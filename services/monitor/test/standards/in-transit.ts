import { at, cleanSteps, late, nextDay, order, RECIPIENT, type Shipment, scannedUntil } from './shipment.js';

/** Standards of the way to the recipient: tracking_keeps_moving, delivered_on_time, lost. */
export const IN_TRANSIT: Shipment[] = [
  // tracking_keeps_moving: warn 3 s, breach 6 s, critical 9 s without any event after pickup.
  {
    // Never moves again: every silence level, and the delivery and lost deadlines too.
    waybill: 'SILENT-IND',
    about: ['tracking_keeps_moving', 'lost'],
    ...order('individual', 'standard', 'inter_province'),
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
    // Quiet for 4.5 s: the warning opens, then resolves when the parcel is scanned again.
    waybill: 'SILENT-KEY-RESUMES',
    about: ['tracking_keeps_moving'],
    ...nextDay('key_account'),
    promisedAt: 20,
    steps: [
      at(0.5, 'dispatch.picked_up'),
      at(5, 'dispatch.hub_scan'),
      at(5.5, 'dispatch.hub_scan'),
      at(6, 'dispatch.out_for_delivery'),
      at(6.5, 'delivery.delivered', RECIPIENT),
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
    ...order('individual', 'standard', 'inter_province'),
    steps: cleanSteps(),
    expected: [],
  },

  // delivered_on_time: the promised time if given, else by product and route; delivered late, before lost.
  {
    waybill: 'LATE-PROMISED-IND',
    about: ['delivered_on_time', 'lost'],
    ...nextDay('individual'), // 5 s by product, but the promise (4 s) comes first
    promisedAt: 4,
    steps: scannedUntil(3.5),
    expected: [late('delivered_on_time', 'major', 4)],
  },
  {
    waybill: 'LATE-SECOND-DAY-KEY',
    about: ['delivered_on_time', 'lost'],
    ...order('key_account', 'second_day', 'intra_province'),
    steps: scannedUntil(5.5),
    expected: [late('delivered_on_time', 'critical', 6)],
  },
  {
    waybill: 'LATE-STANDARD-INTRA-IND',
    about: ['delivered_on_time', 'lost'],
    ...order('individual', 'standard', 'intra_province'), // 4 s from the pickup at 0.5 s
    steps: scannedUntil(3.5),
    expected: [late('delivered_on_time', 'major', 4.5)],
  },
  {
    waybill: 'LATE-REMOTE-ECOM',
    about: ['delivered_on_time', 'lost'],
    ...order('ecommerce', 'next_day', 'remote'), // remote: 7 s instead of 5 s
    steps: scannedUntil(6.5, 7, 8),
    expected: [late('delivered_on_time', 'major', 7)],
  },
  {
    waybill: 'IN-TIME-PROMISED',
    about: ['delivered_on_time', 'lost'],
    ...order('sme', 'same_day', 'same_city'),
    promisedAt: 6,
    steps: cleanSteps(),
    expected: [],
  },

  // lost: delivered_on_time's due + 3 s in the same city (+ 6 s otherwise: SILENT-IND).
  {
    waybill: 'LOST-SAME-CITY-ECOM',
    about: ['lost', 'delivered_on_time'],
    ...order('ecommerce', 'next_day', 'same_city'),
    steps: scannedUntil(8.5, 9, 9.5),
    expected: [late('delivered_on_time', 'major', 5), late('lost', 'critical', 8)],
  },
];
