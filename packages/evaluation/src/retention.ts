import { earliestDueMs, type ShipmentState } from './state.js';

/**
 * How long a shipment is kept, and when the store must look at it again.
 *
 * A finished shipment is kept for the retention after its latest event, so a
 * late correction or an after-sales case still finds its facts; then it is
 * forgotten. So is a waybill whose order never arrived (mis-keyed scans, test
 * parcels): nothing is judged without the order, and it must not stay forever.
 */

/** Finished, or orderless with nothing pending: the shipment may be forgotten once its retention ends. */
function mayExpire(state: ShipmentState): boolean {
  return state.finished || (state.order === undefined && state.pending.length === 0);
}

/** The end of the shipment's retention (its latest event time plus `retentionMs`); undefined while it must be kept. */
export function retentionEndMs(state: ShipmentState, retentionMs: number): number | undefined {
  if (!mayExpire(state)) return undefined;
  let latest = 0;
  for (const event of state.events) latest = Math.max(latest, event.timeMs);
  return latest + retentionMs;
}

/** True when the shipment's retention ended at or before `nowMs`: the store deletes it instead of firing anything. */
export function isRetentionOver(state: ShipmentState, retentionMs: number, nowMs: number): boolean {
  const end = retentionEndMs(state, retentionMs);
  return end !== undefined && end <= nowMs;
}

/**
 * When the store must look at the shipment again: its earliest pending
 * deadline, else the end of its retention, else never (0; a later event
 * sets a new time).
 */
export function nextDueMs(state: ShipmentState, retentionMs: number): number {
  return earliestDueMs(state) ?? retentionEndMs(state, retentionMs) ?? 0;
}
