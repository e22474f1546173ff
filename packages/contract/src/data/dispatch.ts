import { identifier, oneOf, positiveInteger, positiveNumber, record } from '../fields.js';

export const HUB_SCAN_DIRECTIONS = ['arrival', 'departure'] as const;

export const pickedUpData = record(
  {
    outlet: identifier('The outlet that picked the parcel up, e.g. "330110".'),
    pieces: positiveInteger('Pieces actually picked up; compared with the pieces ordered.'),
    courierId: identifier('The courier who picked it up.').optional(),
    weightKg: positiveNumber('Weighed at pickup, in kilograms.').optional(),
  },
  'The parcel was picked up from the sender.',
);

export const hubScanData = record(
  {
    facility: identifier('The transfer hub or sorting centre, e.g. "HGH01".'),
    direction: oneOf(HUB_SCAN_DIRECTIONS, 'Whether the parcel arrived at or departed from the facility.'),
  },
  'The parcel was scanned at a transfer hub.',
);

export const outForDeliveryData = record(
  {
    outlet: identifier('The delivering outlet.'),
    courierId: identifier('The courier carrying the parcel.').optional(),
  },
  'The parcel left the delivering outlet with a courier.',
);
