import { z } from 'zod';
import { LAST_SEEN_KINDS } from './breach-vocabulary.js';
import { timestamp } from './fields.js';

const name = (description: string) => z.string().min(1).max(128).describe(description);

/**
 * Where a breach most likely comes from: the facts about the shipment that
 * many breaches of one storm share (a hub that stopped scanning, one courier,
 * one lane, one shipper). Escalation groups breaches into incidents by them.
 * No personal data: cities and account ids only, never an address or a name.
 */
export const breachCauseSchema = z
  .object({
    lastSeen: z
      .object({
        kind: z
          .enum(LAST_SEEN_KINDS)
          .describe('What saw the parcel last: an outlet, a transfer hub or a courier.'),
        id: name('The outlet, hub or courier id, as in the event (e.g. "HGH01").'),
        at: timestamp('When it was seen there (the event time).'),
        courierId: name('The courier carrying it at that scan, when the event names one.').optional(),
      })
      .optional()
      .describe('The latest scan that names a place or a courier; absent before the first one.'),
    originCity: name('The origin city of the order.').optional(),
    destinationCity: name('The destination city of the order.').optional(),
    lane: name('`<origin city>→<destination city>`, when both are known.').optional(),
    customerId: name('The sending customer account of the order.').optional(),
  })
  .describe('The likely cause: last seen where and when, the lane and the customer account.');

export type BreachCause = z.output<typeof breachCauseSchema>;

/** A copy with the known fields only, in a fixed order (see canonicalBreachChange). */
export function canonicalBreachCause(cause: BreachCause): BreachCause {
  const { lastSeen } = cause;
  return {
    ...(lastSeen === undefined
      ? {}
      : {
          lastSeen: {
            kind: lastSeen.kind,
            id: lastSeen.id,
            at: lastSeen.at,
            ...(lastSeen.courierId === undefined ? {} : { courierId: lastSeen.courierId }),
          },
        }),
    ...(cause.originCity === undefined ? {} : { originCity: cause.originCity }),
    ...(cause.destinationCity === undefined ? {} : { destinationCity: cause.destinationCity }),
    ...(cause.lane === undefined ? {} : { lane: cause.lane }),
    ...(cause.customerId === undefined ? {} : { customerId: cause.customerId }),
  };
}
