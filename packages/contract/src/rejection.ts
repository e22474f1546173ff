import type { ContractEvent } from './events.js';

/** Why a record was refused; a fixed set so metrics can pre-declare their label values. */
export const REJECTION_REASONS = [
  'missing_key',
  'empty_value',
  'too_large',
  'not_utf8',
  'invalid_json',
  'not_an_object',
  'invalid_envelope',
  'invalid_time',
  'unknown_type',
  'wrong_topic',
  'key_mismatch',
  'invalid_data',
  'time_in_future',
  'time_too_old',
  'implausible_promise',
  'time_before_order',
] as const;
export type RejectionReason = (typeof REJECTION_REASONS)[number];

/** Reasons found when the event meets its shipment's state (the monitor's evaluation), never by parseRecord. */
export const IN_STATE_REJECTION_REASONS: readonly RejectionReason[] = ['time_before_order'];

export interface Rejection {
  ok: false;
  reason: RejectionReason;
  /** `path: expected …, got …`, one problem after another separated by `; `. */
  message: string;
}

export interface Acceptance {
  ok: true;
  event: ContractEvent;
  /** The event's `time` in milliseconds since the epoch. */
  timeMs: number;
}

export type ContractResult = Acceptance | Rejection;

export function reject(reason: RejectionReason, message: string): Rejection {
  return { ok: false, reason, message };
}
