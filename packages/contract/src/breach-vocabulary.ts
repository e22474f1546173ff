/*
 * The words a breach change is made of. They are defined here, once, because
 * the breach change crosses a topic (`slawatch.breaches`); the standards file,
 * the evaluation core, escalation and the channels import them.
 */

/** The four service elements of the strategy: what kind of promise a standard keeps. */
export const ELEMENTS = ['time', 'reliability', 'communication', 'convenience'] as const;
export type Element = (typeof ELEMENTS)[number];

/** Before, during and after the transaction. */
export const PHASES = ['pre_transaction', 'transaction', 'post_transaction'] as const;
export type Phase = (typeof PHASES)[number];

/** How far a parcel travels; decides the default delivery promise with the product. */
export const ROUTE_CLASSES = ['same_city', 'intra_province', 'inter_province', 'remote'] as const;
export type RouteClass = (typeof ROUTE_CLASSES)[number];

/** How urgently a person must act, lowest first. */
export const SEVERITIES = ['minor', 'major', 'critical'] as const;
export type Severity = (typeof SEVERITIES)[number];

/** A standard's thresholds in rising order; a standard names some of them. */
export const LEVELS = ['warn', 'breach', 'critical'] as const;
export type Level = (typeof LEVELS)[number];

/** `open` when detected, `resolved` when it ended, `retracted` when later evidence showed it never happened. */
export const BREACH_STATUSES = ['open', 'retracted', 'resolved'] as const;
export type BreachStatus = (typeof BREACH_STATUSES)[number];

/** Where a parcel was last seen: the outlet that picked it up or sent it out, a transfer hub, or a courier. */
export const LAST_SEEN_KINDS = ['outlet', 'hub', 'courier'] as const;
export type LastSeenKind = (typeof LAST_SEEN_KINDS)[number];
