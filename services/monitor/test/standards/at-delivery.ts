import {
  at,
  cleanSteps,
  failedAttempts,
  late,
  nextDay,
  openedBy,
  RECIPIENT,
  type Shipment,
  scans,
} from './shipment.js';

/** Standards of the delivery itself: attempts, the parcel's condition, and the hand-over. */
export const AT_DELIVERY: Shipment[] = [
  // delivery_attempt_made: delivered or attempted within 4 s of going out for delivery.
  {
    waybill: 'ATTEMPT-LATE-SME',
    about: ['delivery_attempt_made'],
    ...nextDay('sme'),
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
    ...nextDay('key_account'),
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
    ...nextDay('individual'),
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
    ...nextDay('key_account'),
    promisedAt: 20,
    steps: failedAttempts(3),
    expected: [openedBy('delivery_attempts_limit', 'critical', 'delivery.attempt_failed')],
  },
  {
    waybill: 'ATTEMPTS-THREE-IND',
    about: ['delivery_attempts_limit'],
    ...nextDay('individual'),
    promisedAt: 20,
    steps: failedAttempts(3),
    expected: [openedBy('delivery_attempts_limit', 'major', 'delivery.attempt_failed')],
  },
  {
    waybill: 'ATTEMPTS-TWO',
    about: ['delivery_attempts_limit'],
    ...nextDay('individual'),
    promisedAt: 20,
    steps: failedAttempts(2),
    expected: [],
  },

  // delivered_intact_and_complete: damaged, fewer pieces than picked up, or a lost/damaged exception.
  {
    waybill: 'DAMAGED-IND',
    about: ['delivered_intact_and_complete'],
    ...nextDay('individual'),
    steps: cleanSteps({ ...RECIPIENT, condition: 'damaged' }),
    expected: [openedBy('delivered_intact_and_complete', 'major', 'delivery.delivered')],
  },
  {
    waybill: 'PIECES-SHORT-SME',
    about: ['delivered_intact_and_complete'],
    ...nextDay('sme'),
    pieces: 3,
    steps: [
      at(0.5, 'dispatch.picked_up', { pieces: 3 }),
      at(1, 'dispatch.hub_scan'),
      at(1.5, 'dispatch.out_for_delivery'),
      at(2, 'delivery.delivered', { ...RECIPIENT, pieces: 2 }),
    ],
    expected: [openedBy('delivered_intact_and_complete', 'major', 'delivery.delivered')],
  },
  {
    waybill: 'EXCEPTION-LOST-KEY',
    about: ['delivered_intact_and_complete'],
    ...nextDay('key_account'),
    steps: [...cleanSteps(), at(1.2, 'delivery.exception', { kind: 'lost' })],
    expected: [openedBy('delivered_intact_and_complete', 'critical', 'delivery.exception')],
  },
  {
    waybill: 'EXCEPTION-MISROUTED',
    about: ['delivered_intact_and_complete'],
    ...nextDay('individual'),
    steps: [...cleanSteps(), at(1.2, 'delivery.exception', { kind: 'misrouted' })],
    expected: [],
  },

  // consented_handover: locker, station or proxy without the recipient's consent.
  {
    waybill: 'LOCKER-NO-CONSENT-SME',
    about: ['consented_handover'],
    ...nextDay('sme'),
    steps: cleanSteps({ pieces: 2, condition: 'intact', handover: 'locker', consented: false }),
    expected: [openedBy('consented_handover', 'major', 'delivery.delivered')],
  },
  {
    waybill: 'STATION-NO-CONSENT-KEY',
    about: ['consented_handover'],
    ...nextDay('key_account'),
    steps: cleanSteps({ pieces: 2, condition: 'intact', handover: 'station', consented: false }),
    expected: [openedBy('consented_handover', 'critical', 'delivery.delivered')],
  },
  {
    waybill: 'PROXY-CONSENTED',
    about: ['consented_handover', 'delivered_intact_and_complete'],
    ...nextDay('individual'),
    steps: cleanSteps({ pieces: 2, condition: 'intact', handover: 'proxy', consented: true }),
    expected: [],
  },
];
