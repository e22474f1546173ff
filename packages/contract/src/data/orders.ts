import { z } from 'zod';
import { freeText, identifier, oneOf, positiveInteger, record, timestamp } from '../fields.js';
import { PRODUCTS, SEGMENTS } from '../vocabulary.js';

function place(description: string) {
  return record(
    {
      province: identifier('Province-level division, e.g. "Zhejiang" or "Shanghai".'),
      city: identifier('City, e.g. "Hangzhou".'),
      district: identifier('District or county, e.g. "Yuhang".').optional(),
      address: freeText(
        'Street address. Personal data: slawatch does not need it; prefer to omit it.',
      ).optional(),
    },
    description,
  );
}

export const orderCreatedData = record(
  {
    orderId: identifier('The order in the order-management system.'),
    customerId: identifier('The sending customer (the account that placed the order).'),
    segment: oneOf(SEGMENTS, "The customer's segment; it selects the service mix that applies."),
    product: oneOf(
      PRODUCTS,
      'The product ordered; without promisedDeliveryBy it decides the delivery promise.',
    ),
    origin: place('Where the parcel is picked up; with destination it decides the route class.'),
    destination: place('Where the parcel is delivered.'),
    pieces: positiveInteger('Number of pieces ordered; pickup and delivery must match it.'),
    promisedDeliveryBy: timestamp(
      'Delivery promised to the customer, when the order carries one; overrides the product default.',
    ).optional(),
    items: z
      .array(
        record(
          {
            sku: identifier('Stock-keeping unit.'),
            quantity: positiveInteger('Units of this SKU.'),
          },
          'One line of the order.',
        ),
        { error: 'expected an array' },
      )
      .describe('Order lines, for stockout accounting per product.')
      .optional(),
    recipient: record(
      {
        name: identifier('Recipient name. Personal data.', { personal: true }),
        phone: identifier('Recipient phone number. Personal data.', { personal: true }),
      },
      'Personal data: slawatch does not need it and never logs it; prefer to omit it.',
    ).optional(),
  },
  'A customer placed an order; the shipment and its deadlines start here.',
);

export const orderCancelledData = record(
  { reason: freeText('Why the order was cancelled.').optional() },
  'The order was cancelled; no further standard applies to the shipment.',
);

export const orderStockoutData = record(
  {
    sku: identifier('The stock-keeping unit that was short.'),
    quantityShort: positiveInteger('Units that could not be supplied.'),
  },
  'An ordered item was out of stock when the order was filled.',
);

export const orderCorrectedData = record(
  {
    field: identifier('The waybill field that was corrected, as a dotted path, e.g. "destination.city".'),
    before: freeText('The value before the correction, as text.').optional(),
    after: freeText('The value after the correction, as text.'),
  },
  'A waybill field had to be corrected: one wrong field fails the whole shipment.',
);
