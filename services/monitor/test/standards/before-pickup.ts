import { at, cleanSteps, late, nextDay, openedBy, order, RECIPIENT, type Shipment } from './shipment.js';

/** Standards of the order and its pickup: pickup_on_time, order_information_accuracy, stockout. */
export const BEFORE_PICKUP: Shipment[] = [
  // pickup_on_time: 3 s by default, 4 s for key accounts, warn 3 s / breach 6 s for e-commerce.
  {
    waybill: 'PICKUP-LATE-IND',
    about: ['pickup_on_time'],
    ...order('individual', 'standard', 'inter_province'), // measured from pickup, so no delivery deadline runs while it waits
    steps: [],
    expected: [late('pickup_on_time', 'major', 3)],
  },
  {
    waybill: 'PICKUP-LATE-KEY',
    about: ['pickup_on_time'],
    ...order('key_account', 'standard', 'inter_province'),
    steps: [],
    expected: [late('pickup_on_time', 'critical', 4)],
  },
  {
    waybill: 'PICKUP-LATE-ECOM',
    about: ['pickup_on_time'],
    ...order('ecommerce', 'standard', 'inter_province'),
    steps: [],
    expected: [late('pickup_on_time', 'minor', 3, 'warn'), late('pickup_on_time', 'major', 6)],
  },
  {
    // A pickup after the deadline fired does not close the breach: it stays open, reported once.
    waybill: 'PICKUP-LATE-ARRIVES',
    about: ['pickup_on_time'],
    ...order('individual', 'standard', 'inter_province'),
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
    ...nextDay('individual'),
    steps: cleanSteps(),
    expected: [],
  },
  {
    waybill: 'PICKUP-IN-TIME-KEY',
    about: ['pickup_on_time'],
    ...nextDay('key_account'),
    steps: cleanSteps(),
    expected: [],
  },
  {
    waybill: 'PICKUP-IN-TIME-ECOM',
    about: ['pickup_on_time'],
    ...nextDay('ecommerce'),
    steps: cleanSteps(),
    expected: [],
  },
  {
    // Cancelled before the pickup was due: the deadline is avoided, not breached.
    waybill: 'CANCELLED-BEFORE-PICKUP',
    about: ['pickup_on_time', 'delivered_on_time', 'lost'],
    ...nextDay('individual'),
    steps: [at(1, 'order.cancelled')],
    expected: [],
  },

  // order_information_accuracy: a correction after pickup, or other pieces than ordered.
  {
    waybill: 'INFO-CORRECTED-LATE-IND',
    about: ['order_information_accuracy'],
    ...nextDay('individual'),
    steps: [...cleanSteps(), at(1.2, 'order.corrected')],
    expected: [openedBy('order_information_accuracy', 'minor', 'order.corrected')],
  },
  {
    waybill: 'INFO-PIECES-DIFFER-KEY',
    about: ['order_information_accuracy'],
    ...nextDay('key_account'),
    pieces: 2,
    steps: [
      at(0.5, 'dispatch.picked_up', { pieces: 3 }),
      at(1, 'dispatch.hub_scan'),
      at(1.5, 'dispatch.out_for_delivery'),
      at(2, 'delivery.delivered', { ...RECIPIENT, pieces: 3 }),
    ],
    // The order and the pickup travel on different topics: whichever is judged second completes the comparison.
    expected: [openedBy('order_information_accuracy', 'major', ['dispatch.picked_up', 'order.created'])],
  },
  {
    waybill: 'INFO-CORRECTED-EARLY',
    about: ['order_information_accuracy'],
    ...nextDay('individual'),
    steps: [at(0.2, 'order.corrected'), ...cleanSteps()],
    expected: [],
  },

  // stockout: any stockout on the order.
  {
    waybill: 'STOCKOUT-IND',
    about: ['stockout'],
    ...nextDay('individual'),
    steps: [at(0.2, 'order.stockout'), ...cleanSteps()],
    expected: [openedBy('stockout', 'minor', 'order.stockout')],
  },
  {
    waybill: 'STOCKOUT-KEY',
    about: ['stockout'],
    ...nextDay('key_account'),
    steps: [at(0.2, 'order.stockout'), ...cleanSteps()],
    expected: [openedBy('stockout', 'major', 'order.stockout')],
  },
  {
    waybill: 'NO-STOCKOUT',
    about: ['stockout', 'order_information_accuracy'],
    ...order('key_account', 'second_day', 'same_city'),
    steps: cleanSteps(),
    expected: [],
  },
];
