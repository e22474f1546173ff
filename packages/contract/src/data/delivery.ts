import { z } from 'zod';
import { flag, freeText, identifier, oneOf, positiveInteger, record } from '../fields.js';

export const ATTEMPT_FAILURE_REASONS = ['recipient_absent', 'address_invalid', 'refused', 'other'] as const;
export const DELIVERY_CONDITIONS = ['intact', 'damaged'] as const;
export const HANDOVERS = ['recipient', 'proxy', 'locker', 'station'] as const;
export const EXCEPTION_KINDS = ['lost', 'damaged', 'misrouted', 'held', 'address_issue'] as const;

export const attemptFailedData = record(
  {
    reason: oneOf(ATTEMPT_FAILURE_REASONS, 'Why the delivery attempt failed.'),
    courierId: identifier('The courier who attempted delivery.').optional(),
    detail: freeText('Free-text detail from the courier.').optional(),
  },
  'A door-delivery attempt failed.',
);

function deliveredShape() {
  return {
    pieces: positiveInteger('Pieces handed over; compared with the pieces picked up.'),
    condition: oneOf(DELIVERY_CONDITIONS, 'The condition of the parcel at hand-over.'),
    courierId: identifier('The courier who delivered.').optional(),
  };
}

const consentExpectation = 'expected true or false (required unless handover is recipient)';

/*
 * A discriminated union rather than a refinement so that the consent rule
 * ("no locker, station or proxy delivery without the recipient's consent")
 * also appears in the generated JSON Schema that upstream teams validate with.
 */
export const deliveredData = z
  .discriminatedUnion(
    'handover',
    [
      record(
        {
          ...deliveredShape(),
          handover: z
            .literal('recipient', { error: `expected one of ${HANDOVERS.join(', ')}` })
            .describe('Handed to the recipient in person.'),
          consented: flag('Not needed when the recipient signs in person.').optional(),
        },
        'Handed to the recipient in person.',
      ),
      record(
        {
          ...deliveredShape(),
          handover: oneOf(['proxy', 'locker', 'station'], 'Handed to a proxy, a parcel locker or a station.'),
          consented: z
            .boolean({ error: consentExpectation })
            .describe('Whether the recipient consented to this hand-over (required by regulation).'),
        },
        'Handed over other than to the recipient in person; consent must be stated.',
      ),
    ],
    {
      error: (issue) =>
        // zod reports a non-object here too, under the same callback.
        typeof issue.input === 'object' && issue.input !== null && !Array.isArray(issue.input)
          ? `expected one of ${HANDOVERS.join(', ')}`
          : 'expected an object',
    },
  )
  .describe('The parcel was delivered (signed for).');

export const exceptionData = record(
  {
    kind: oneOf(EXCEPTION_KINDS, 'What went wrong.'),
    detail: freeText('Free-text detail.').optional(),
  },
  'A delivery exception was recorded.',
);

export const returnedData = record(
  { reason: freeText('Why the parcel is returned to the sender.').optional() },
  'The parcel is being returned to the sender.',
);
