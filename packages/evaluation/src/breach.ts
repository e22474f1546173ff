import type { Level, RouteClass, Severity, Standard } from '@slawatch/standards';
import type { CompiledStandard, CompiledStandards } from './compile.js';
import type { BreachStatus, OrderFacts } from './state.js';

/** A breach opened, resolved or retracted: what the escalation queue and the metrics receive. */
export interface BreachChange {
  /** `${waybill}:${standard}:${level}:${occurrence}`: the same on every replay. */
  breachId: string;
  status: BreachStatus;
  waybill: string;
  standard: string;
  title: string;
  titleZh?: string;
  action?: string;
  element: Standard['element'];
  phase: Standard['phase'];
  /** As named in the standards file (the contract's segments and products). */
  segment: string;
  product: string;
  route: RouteClass;
  severity: Severity;
  level: Level;
  dueAt?: string;
  detectedAt: string;
  /** Ids of the events behind this change; empty when the wall clock (a deadline) caused it. */
  evidence: string[];
  standardsVersion: string;
}

export function breachId(waybill: string, standard: string, level: Level, occurrence: number): string {
  return `${waybill}:${standard}:${level}:${occurrence === 0 ? 1 : occurrence}`;
}

const ORDER: ReadonlyArray<Severity> = ['minor', 'major', 'critical'];

/**
 * The standard's severity for the segment at `breach`; one step lower for `warn`
 * (an early signal), always `critical` at the `critical` level.
 */
export function severityOf(compiled: CompiledStandard, segment: string, level: Level): Severity {
  const configured = compiled.standard.severity;
  const base = typeof configured === 'string' ? configured : (configured[segment] ?? configured['default']!);
  if (level === 'critical') return 'critical';
  if (level === 'warn') return ORDER[Math.max(0, ORDER.indexOf(base) - 1)]!;
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
}

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
    segment: order.segment,
    product: order.product,
    route: order.route,
    severity: severityOf(compiled, order.segment, input.level),
    level: input.level,
    ...(input.dueMs !== undefined ? { dueAt: new Date(input.dueMs).toISOString() } : {}),
    detectedAt: new Date(input.nowMs).toISOString(),
    evidence: input.evidence,
    standardsVersion: file.version,
  };
}
