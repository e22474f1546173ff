import { freeText, identifier, nonNegativeNumber, oneOf, record } from '../fields.js';

export const COMPLAINT_CATEGORIES = ['delay', 'damage', 'loss', 'service', 'other'] as const;

export const complaintOpenedData = record(
  {
    complaintId: identifier('The complaint in the customer-service system.'),
    category: oneOf(COMPLAINT_CATEGORIES, 'What the complaint is about.'),
    detail: freeText('Free-text summary of the complaint.').optional(),
  },
  'A customer opened a complaint about the shipment; the answer deadline starts here.',
);

export const complaintResolvedData = record(
  {
    complaintId: identifier('The complaint that was answered.'),
    resolution: freeText('Free-text summary of the answer.').optional(),
  },
  'The complaint was answered.',
);

export const claimFiledData = record(
  {
    claimId: identifier('The claim in the claims system.'),
    amountCny: nonNegativeNumber('Amount claimed, in yuan (CNY).'),
  },
  'A claim for compensation was filed; the settlement deadline starts here.',
);

export const claimSettledData = record(
  {
    claimId: identifier('The claim that was settled.'),
    amountCny: nonNegativeNumber('Amount paid, in yuan (CNY).'),
  },
  'The claim was settled.',
);
