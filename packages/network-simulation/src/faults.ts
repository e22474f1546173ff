import { problemsFrom } from '@slawatch/validation';
import { z } from 'zod';

/** Faults that change what happens to a parcel (the timeline of its events). */
export const SHIPMENT_FAULTS = [
  'late_pickup',
  'stuck_in_transit',
  'lost_in_transit',
  'late_delivery',
  'damaged',
  'missing_pieces',
  'pieces_mismatch',
  'order_correction',
  'stockout',
  'failed_attempts',
  'unconsented_handover',
  'cancellation',
  'complaint_answered_in_time',
  'complaint_answered_late',
  'claim_settled_in_time',
  'claim_settled_late',
] as const;

/** Faults that change only how the events are published, not what happened. */
export const PUBLICATION_FAULTS = ['duplicate', 'out_of_order', 'late_arrival', 'malformed'] as const;

export const FAULTS = [...SHIPMENT_FAULTS, ...PUBLICATION_FAULTS] as const;
export type ShipmentFault = (typeof SHIPMENT_FAULTS)[number];
export type PublicationFault = (typeof PUBLICATION_FAULTS)[number];
export type Fault = (typeof FAULTS)[number];

/** Probability of each fault per shipment; each is drawn independently, then conflicting ones are dropped. */
export type FaultProfile = Readonly<Record<Fault, number>>;

const NONE: FaultProfile = Object.fromEntries(FAULTS.map((fault) => [fault, 0])) as Record<Fault, number>;

/*
 * `demo`: about a third of the shipments carry some fault, so a dashboard
 * shows every standard breached within a minute without drowning the
 * no-fault traffic. `chaos`: several faults per shipment, for stress tests.
 */
export const FAULT_PROFILES: Readonly<Record<string, FaultProfile>> = {
  none: NONE,
  demo: {
    ...NONE,
    late_pickup: 0.03,
    stuck_in_transit: 0.02,
    lost_in_transit: 0.01,
    late_delivery: 0.04,
    damaged: 0.02,
    missing_pieces: 0.01,
    pieces_mismatch: 0.01,
    order_correction: 0.01,
    stockout: 0.01,
    failed_attempts: 0.02,
    unconsented_handover: 0.02,
    cancellation: 0.02,
    complaint_answered_in_time: 0.03,
    complaint_answered_late: 0.02,
    claim_settled_in_time: 0.01,
    claim_settled_late: 0.01,
    duplicate: 0.03,
    out_of_order: 0.03,
    late_arrival: 0.02,
    malformed: 0.02,
  },
  chaos: Object.fromEntries(FAULTS.map((fault) => [fault, 0.15])) as Record<Fault, number>,
};

/** A fault profile that cannot be read; the message says what was expected. */
export class FaultProfileError extends Error {
  override name = 'FaultProfileError';
}

const probability = z.number({ error: 'expected a probability from 0 to 1' }).min(0).max(1);
const overridesSchema = z.strictObject({
  base: z.string().optional(),
  ...Object.fromEntries(FAULTS.map((fault) => [fault, probability.optional()])),
});

/**
 * A profile by name (`none`, `demo`, `chaos`) or as JSON: probabilities by
 * fault, on top of `base` (default `none`), e.g. `{"base":"demo","late_pickup":0.2}`.
 */
export function parseFaultProfile(text: string): FaultProfile {
  const trimmed = text.trim();
  const named = FAULT_PROFILES[trimmed];
  if (named) return named;
  if (!trimmed.startsWith('{')) {
    throw new FaultProfileError(
      `unknown fault profile "${trimmed}": expected one of ${Object.keys(FAULT_PROFILES).join(', ')} or JSON`,
    );
  }
  let parsed: unknown;
  try {
    parsed = JSON.parse(trimmed);
  } catch (error) {
    throw new FaultProfileError(
      `fault profile: expected JSON, got text that is not (${(error as Error).message})`,
    );
  }
  const result = overridesSchema.safeParse(parsed);
  if (!result.success) {
    const problems = problemsFrom(result.error, parsed).map(
      (problem) => `${problem.path}: ${problem.message}`,
    );
    throw new FaultProfileError(`fault profile: ${problems.join('; ')}`);
  }
  const { base = 'none', ...overrides } = result.data as { base?: string } & Partial<Record<Fault, number>>;
  const baseProfile = FAULT_PROFILES[base];
  if (!baseProfile) throw new FaultProfileError(`fault profile: unknown base "${base}"`);
  return { ...baseProfile, ...overrides };
}
