import { at, cleanSteps, late, nextDay, type Shipment, type Step } from './shipment.js';

/** A clean delivery at 2 s, then these after-sales events. */
const afterDelivery = (...later: Step[]): Step[] => [...cleanSteps(), ...later];
const complaintAt = (seconds: number) => at(seconds, 'aftersales.complaint_opened');
const claimAt = (seconds: number) => at(seconds, 'aftersales.claim_filed');

/** Standards after the delivery: complaint_answered, claim_settled. */
export const AFTER_SALES: Shipment[] = [
  // complaint_answered: 3 s key accounts, 4 s e-commerce and sme, 5 s individuals; 8 s critical for all.
  {
    waybill: 'COMPLAINT-OPEN-IND',
    about: ['complaint_answered'],
    ...nextDay('individual'),
    steps: afterDelivery(complaintAt(2.5)),
    expected: [
      late('complaint_answered', 'major', 7.5),
      late('complaint_answered', 'critical', 10.5, 'critical'),
    ],
  },
  {
    waybill: 'COMPLAINT-OPEN-KEY',
    about: ['complaint_answered'],
    ...nextDay('key_account'),
    steps: afterDelivery(complaintAt(2.5)),
    expected: [
      late('complaint_answered', 'critical', 5.5),
      late('complaint_answered', 'critical', 10.5, 'critical'),
    ],
  },
  {
    // Answered after the 4 s limit but before the 8 s critical one.
    waybill: 'COMPLAINT-LATE-SME',
    about: ['complaint_answered'],
    ...nextDay('sme'),
    steps: afterDelivery(complaintAt(2.5), at(8, 'aftersales.complaint_resolved')),
    expected: [late('complaint_answered', 'major', 6.5)],
  },
  {
    waybill: 'COMPLAINT-ANSWERED-KEY',
    about: ['complaint_answered'],
    ...nextDay('key_account'),
    steps: afterDelivery(complaintAt(2.5), at(3.5, 'aftersales.complaint_resolved')),
    expected: [],
  },

  // claim_settled: 3 s key accounts, 6 s others.
  {
    waybill: 'CLAIM-OPEN-IND',
    about: ['claim_settled'],
    ...nextDay('individual'),
    steps: afterDelivery(claimAt(2.5)),
    expected: [late('claim_settled', 'major', 8.5)],
  },
  {
    waybill: 'CLAIM-OPEN-KEY',
    about: ['claim_settled'],
    ...nextDay('key_account'),
    steps: afterDelivery(claimAt(2.5)),
    expected: [late('claim_settled', 'critical', 5.5)],
  },
  {
    waybill: 'CLAIM-SETTLED-IND',
    about: ['claim_settled'],
    ...nextDay('individual'),
    steps: afterDelivery(claimAt(2.5), at(4.5, 'aftersales.claim_settled')),
    expected: [],
  },
];
