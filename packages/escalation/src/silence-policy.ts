import { parseDuration } from '@slawatch/validation';
import { type Caller, hasRole } from './api-tokens.js';
import { type BreachMatcher, MATCHABLE_FIELDS, narrows } from './matcher.js';

/*
 * Who may silence what, and for how long. A silence lets breaches pass
 * without waking anyone, so a wide one needs the admin role and a written
 * reason, which then shows beside every notification it held back.
 */

/** Whoever creates it, a silence ends at most this long after it takes effect. */
export const ABSOLUTE_MAXIMUM = '30d';
/** How long a responder's silence may last when the escalation file does not say. */
export const DEFAULT_RESPONDER_MAXIMUM = '4h';

/** The ways a silence is broad; any one of them needs the admin role and a reason. */
export const BREADTH_RULES = [
  'every-severity',
  'every-standard',
  'every-critical-breach',
  'responder-maximum',
] as const;
export type BreadthRule = (typeof BREADTH_RULES)[number];

/**
 * Matching on these names the shipments a silence is for: however many of
 * their breaches it mutes, it mutes nothing else, so severity and standard
 * need not narrow it.
 */
const SHIPMENT_FIELDS = ['waybill', 'breachId'] as const;

export interface SilenceProposal {
  matchers: BreachMatcher;
  startsMs: number;
  endsMs: number;
  reason?: string;
}

export interface SilenceRules {
  /** A duration as the escalation file writes it (`silences.responderMaximum`), e.g. `4h`. */
  responderMaximum: string;
}

export interface SilenceRefusal {
  /** `invalid`: nobody may create it as asked; `forbidden`: an admin may, with a reason. */
  refusal: 'invalid' | 'forbidden';
  error: string;
  /** One line per broken rule, each starting with the rule's name. */
  problems: string[];
}

export type SilenceVerdict =
  | { accepted: true; breadth: BreadthRule[] }
  | ({ accepted: false } & SilenceRefusal);

/** Counted from when the silence takes effect: a start in the past mutes nothing before now. */
function effectiveDurationMs(proposal: SilenceProposal, nowMs: number): number {
  return proposal.endsMs - Math.max(proposal.startsMs, nowMs);
}

/**
 * Covers every critical breach: lets the critical severity through, and no
 * other field (standard, segment, element, route, product, level, waybill,
 * breach id) leaves any breach out.
 */
export function coversEveryCriticalBreach(matchers: BreachMatcher): boolean {
  const critical = matchers.severity === undefined || matchers.severity.includes('critical');
  return critical && MATCHABLE_FIELDS.every((field) => field === 'severity' || !narrows(matchers, field));
}

/** The ways the proposal is broad, in the order of BREADTH_RULES; none for a narrow silence. */
export function breadthOf(
  proposal: SilenceProposal,
  context: { nowMs: number; rules: SilenceRules },
): BreadthRule[] {
  const { matchers } = proposal;
  const forShipments = SHIPMENT_FIELDS.some((field) => narrows(matchers, field));
  const broken: Record<BreadthRule, boolean> = {
    'every-severity': !forShipments && !narrows(matchers, 'severity'),
    'every-standard': !forShipments && !narrows(matchers, 'standard'),
    'every-critical-breach': coversEveryCriticalBreach(matchers),
    'responder-maximum':
      effectiveDurationMs(proposal, context.nowMs) > parseDuration(context.rules.responderMaximum),
  };
  return BREADTH_RULES.filter((rule) => broken[rule]);
}

function breadthProblem(rule: BreadthRule, rules: SilenceRules): string {
  const orAnAdmin = 'or have an admin create it with a reason';
  switch (rule) {
    case 'every-severity':
      return `${rule}: this silence matches every severity; name the severities it is for (or the waybills), ${orAnAdmin}`;
    case 'every-standard':
      return `${rule}: this silence matches every standard; name the standards it is for (or the waybills), ${orAnAdmin}`;
    case 'every-critical-breach':
      return `${rule}: this silence covers every critical breach (nothing but the severity narrows it); only an admin may create it, with a reason`;
    case 'responder-maximum':
      return `${rule}: a responder's silence lasts at most ${rules.responderMaximum}; a longer one needs the admin role and a reason`;
  }
}

/**
 * Decides whether `caller` may create the proposed silence. Every broken
 * rule is reported, not just the first, so one answer says all that must
 * change.
 */
export function judgeSilence(input: {
  proposal: SilenceProposal;
  caller: Caller;
  nowMs: number;
  rules: SilenceRules;
}): SilenceVerdict {
  const { proposal, caller, nowMs, rules } = input;
  if (!hasRole(caller, 'responder')) {
    return {
      accepted: false,
      refusal: 'forbidden',
      error: `this needs the responder role; ${caller.owner} is a ${caller.role}`,
      problems: ['role: creating a silence needs the responder role'],
    };
  }
  const invalid: string[] = [];
  if (proposal.endsMs <= Math.max(proposal.startsMs, nowMs)) {
    invalid.push('ends-after-start: endsAt must be after now and after startsAt');
  }
  if (effectiveDurationMs(proposal, nowMs) > parseDuration(ABSOLUTE_MAXIMUM)) {
    invalid.push(`absolute-maximum: a silence lasts at most ${ABSOLUTE_MAXIMUM}, whoever creates it`);
  }
  const breadth = breadthOf(proposal, { nowMs, rules });
  const broad = breadth.length > 0;
  const isAdmin = hasRole(caller, 'admin');
  if (broad && isAdmin && !proposal.reason?.trim()) {
    invalid.push(
      `reason: a broad silence (${breadth.join(', ')}) needs a reason; say in "reason" why it must be this broad`,
    );
  }
  const forbidden = broad && !isAdmin ? breadth.map((rule) => breadthProblem(rule, rules)) : [];
  if (invalid.length > 0) {
    return {
      accepted: false,
      refusal: 'invalid',
      error: 'invalid request body',
      problems: [...invalid, ...forbidden],
    };
  }
  if (forbidden.length > 0) {
    return {
      accepted: false,
      refusal: 'forbidden',
      error: `this silence is broad (${breadth.join(', ')}): it needs the admin role and a reason; ${caller.owner} is a ${caller.role}`,
      problems: forbidden,
    };
  }
  return { accepted: true, breadth };
}
