import type { EventType } from '../vocabulary.js';
import {
  claimFiledData,
  claimSettledData,
  complaintOpenedData,
  complaintResolvedData,
} from './aftersales.js';
import { attemptFailedData, deliveredData, exceptionData, returnedData } from './delivery.js';
import { hubScanData, outForDeliveryData, pickedUpData } from './dispatch.js';
import { orderCancelledData, orderCorrectedData, orderCreatedData, orderStockoutData } from './orders.js';

/** The schema of `data` for every event type. */
export const DATA_SCHEMAS = {
  'order.created': orderCreatedData,
  'order.cancelled': orderCancelledData,
  'order.stockout': orderStockoutData,
  'order.corrected': orderCorrectedData,
  'dispatch.picked_up': pickedUpData,
  'dispatch.hub_scan': hubScanData,
  'dispatch.out_for_delivery': outForDeliveryData,
  'delivery.attempt_failed': attemptFailedData,
  'delivery.delivered': deliveredData,
  'delivery.exception': exceptionData,
  'delivery.returned': returnedData,
  'aftersales.complaint_opened': complaintOpenedData,
  'aftersales.complaint_resolved': complaintResolvedData,
  'aftersales.claim_filed': claimFiledData,
  'aftersales.claim_settled': claimSettledData,
} as const satisfies Record<EventType, unknown>;
