import { z } from 'zod';

// Kept structurally identical to the breach change the monitor publishes on
// `slawatch.breaches`; the evaluation package will own it later.

export const ELEMENTS = ['time', 'reliability', 'communication', 'convenience'] as const;
export const PHASES = ['pre_transaction', 'transaction', 'post_transaction'] as const;
export const SEGMENTS = ['key_account', 'ecommerce', 'sme', 'individual'] as const;
export const PRODUCTS = ['same_day', 'next_day', 'second_day', 'standard'] as const;
export const ROUTES = ['same_city', 'intra_province', 'inter_province', 'remote'] as const;
export const SEVERITIES = ['minor', 'major', 'critical'] as const;
export const LEVELS = ['warn', 'breach', 'critical'] as const;
export const BREACH_STATUSES = ['open', 'retracted', 'resolved'] as const;

export type Element = (typeof ELEMENTS)[number];
export type Phase = (typeof PHASES)[number];
export type Segment = (typeof SEGMENTS)[number];
export type Product = (typeof PRODUCTS)[number];
export type Route = (typeof ROUTES)[number];
export type Severity = (typeof SEVERITIES)[number];
export type Level = (typeof LEVELS)[number];

export interface BreachChange {
  breachId: string;
  status: 'open' | 'retracted' | 'resolved';
  waybill: string;
  standard: string;
  title: string;
  element: Element;
  phase: Phase;
  segment: Segment;
  product: Product;
  route: Route;
  severity: Severity;
  level: Level;
  dueAt?: string;
  detectedAt: string;
  evidence: string[];
  standardsVersion: string;
  /** What the person alerted should do; a default per element is used when absent. */
  action?: string;
}

/** Validates a breach change read from a queue; unknown fields are dropped so nothing unexpected is forwarded. */
export const BreachChangeSchema = z.object({
  breachId: z.string().min(1),
  status: z.enum(BREACH_STATUSES),
  waybill: z.string().min(1),
  standard: z.string().min(1),
  title: z.string().min(1),
  element: z.enum(ELEMENTS),
  phase: z.enum(PHASES),
  segment: z.enum(SEGMENTS),
  product: z.enum(PRODUCTS),
  route: z.enum(ROUTES),
  severity: z.enum(SEVERITIES),
  level: z.enum(LEVELS),
  dueAt: z.iso.datetime({ offset: true }).optional(),
  detectedAt: z.iso.datetime({ offset: true }),
  evidence: z.array(z.string()),
  standardsVersion: z.string().min(1),
  action: z.string().min(1).optional(),
});

/**
 * A copy holding only the known fields, in a fixed order. Channels serialise
 * this copy, so the bytes sent (and signed) do not depend on how the caller
 * built the object, and no extra field (personal data, say) can leak out.
 */
export function canonicalBreach(breach: BreachChange): BreachChange {
  return {
    breachId: breach.breachId,
    status: breach.status,
    waybill: breach.waybill,
    standard: breach.standard,
    title: breach.title,
    element: breach.element,
    phase: breach.phase,
    segment: breach.segment,
    product: breach.product,
    route: breach.route,
    severity: breach.severity,
    level: breach.level,
    ...(breach.dueAt === undefined ? {} : { dueAt: breach.dueAt }),
    detectedAt: breach.detectedAt,
    evidence: [...breach.evidence],
    standardsVersion: breach.standardsVersion,
    ...(breach.action === undefined ? {} : { action: breach.action }),
  };
}
