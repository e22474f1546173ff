import {
  type BreachCause,
  type BreachChange,
  type BreachStatus,
  CONTRACT_VERSION,
  type Level,
  type Product,
  SEVERITIES,
  type Segment,
  type Severity,
} from '@slawatch/contract';
import type { CompiledStandard, CompiledStandards } from './compile.js';
import type { OrderFacts } from './state.js';

export function breachId(waybill: string, standard: string, level: Level, occurrence: number): string {
  return `${waybill}:${standard}:${level}:${occurrence === 0 ? 1 : occurrence}`;
}

/**
 * The standard's severity for the segment at `breach`; one step lower for `warn`
 * (an early signal), always `critical` at the `critical` level.
 */
export function severityOf(compiled: CompiledStandard, segment: string, level: Level): Severity {
  const configured = compiled.standard.severity;
  const base = typeof configured === 'string' ? configured : (configured[segment] ?? configured['default']!);
  if (level === 'critical') return 'critical';
  if (level === 'warn') return SEVERITIES[Math.max(0, SEVERITIES.indexOf(base) - 1)]!;
  return base;
}

export interface ChangeInput {
  waybill: string;
  level: Level;
  occurrence: number;
  status: BreachStatus;
  dueMs?: number;
  nowMs: number;
  evidence: string[];
  cause?: BreachCause;
}

/** The message for one change of one breach (the contract's breach change), built from the standard and the order. */
export function breachChange(
  file: CompiledStandards,
  compiled: CompiledStandard,
  order: OrderFacts,
  input: ChangeInput,
): BreachChange {
  const s = compiled.standard;
  return {
    breachId: breachId(input.waybill, s.id, input.level, input.occurrence),
    status: input.status,
    waybill: input.waybill,
    standard: s.id,
    title: s.title,
    ...(s.titleZh ? { titleZh: s.titleZh } : {}),
    ...(s.action ? { action: s.action } : {}),
    element: s.element,
    phase: s.phase,
    // Orders carry the contract's segments and products, and a standards file lists only those.
    segment: order.segment as Segment,
    product: order.product as Product,
    route: order.route,
    severity: severityOf(compiled, order.segment, input.level),
    level: input.level,
    dueAt: input.dueMs === undefined ? null : new Date(input.dueMs).toISOString(),
    detectedAt: new Date(input.nowMs).toISOString(),
    // The monitor sets it when it judged a deadline before reading the evidence up to it.
    judgedBeforeBacklogRead: false,
    evidence: input.evidence,
    ...(input.cause === undefined ? {} : { cause: input.cause }),
    standardsVersion: file.version,
    contractVersion: CONTRACT_VERSION,
  };
}
