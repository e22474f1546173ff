import { type BreachChange, SEVERITIES } from '@slawatch/contract';
import { durationMilliseconds } from '@slawatch/validation';
import { z } from 'zod';
import { groupKey, groupValue, type IncidentGrouping } from './grouping.js';
import { type BreachMatcher, BreachMatcherSchema, matches } from './matcher.js';

/** The topology an inhibition rule counts breaches behind: where they were last seen, who carried them, their lane. */
export const INHIBIT_FIELDS = ['facility', 'courier', 'lane'] as const;
export type InhibitField = (typeof INHIBIT_FIELDS)[number];

const name = z
  .string()
  .regex(/^[a-zA-Z0-9_-]{1,64}$/, 'expected a name of letters, digits, _ and - (at most 64)');

/** `hub:*`, `hub:HGH*`, `*`: `*` stands for any run of characters, everything else for itself. */
const pattern = z.string().min(1).max(200);

/**
 * Only a count is built: a share of a facility's in-flight parcels needs
 * per-facility in-flight counts, which the monitor's shipment state does not
 * keep (docs/escalation.md, "Not done / limits").
 */
const ThresholdSchema = z
  .strictObject({
    count: z.number().int().min(1).max(1_000_000).optional(),
    share: z.unknown().optional(),
  })
  .superRefine((threshold, context) => {
    if (threshold.share !== undefined)
      context.addIssue({
        code: 'custom',
        path: ['share'],
        message:
          "a share of a facility's in-flight parcels is not built (the monitor keeps no in-flight count per facility); use count",
      });
    else if (threshold.count === undefined)
      context.addIssue({
        code: 'custom',
        path: ['count'],
        message: 'expected a count of open breaches (e.g. 200)',
      });
  })
  .transform((threshold) => ({ count: threshold.count ?? 1 }));

export const InhibitRuleSchema = z.strictObject({
  /** Names the rule in timelines, metrics and the API; part of its incidents' group. */
  name,
  /** Breaches are counted per value of this field (`hub:HGH01`, a courier id, `Hangzhou→Beijing`). */
  by: z.enum(INHIBIT_FIELDS),
  /** Which values the rule watches (default every one); a breach without the value is never counted. */
  keys: z.array(pattern).min(1).default(['*']),
  /** Which breaches count and may be suppressed (default every breach). */
  match: BreachMatcherSchema.default({}),
  /** Breaches that count but are never suppressed: they page by their own route. */
  except: BreachMatcherSchema.optional(),
  /** Open breaches behind one value at which the facility incident opens. */
  threshold: ThresholdSchema,
  /** Only breaches detected within this long count (default: every open breach). */
  window: durationMilliseconds().optional(),
  /** The facility incident's severity, whatever its members' are. */
  severity: z.enum(SEVERITIES),
  /** The policy that pages the facility incident, unless one of `routes` matches the value. */
  policy: name,
  /** The facility's own policy: first match of the value wins. */
  routes: z.array(z.strictObject({ key: pattern, policy: name })).default([]),
  /** As a policy's `group`: gathering before the first page (default none), updates, reminders. */
  wait: durationMilliseconds().default(0),
  interval: durationMilliseconds().default(300_000),
  repeat: durationMilliseconds().optional(),
});
export type InhibitRule = z.output<typeof InhibitRuleSchema>;

/** What a facility incident records about the rule that opened it. */
export interface Inhibition {
  rule: string;
  by: InhibitField;
  key: string;
  threshold: { count: number };
}

/** A rule that applies to a breach, with the value it counts the breach under. */
export interface RuleHit {
  rule: InhibitRule;
  key: string;
  /** The breach counts but is never suppressed (`except`). */
  spared: boolean;
}

const UNKNOWN = '-';

export function globMatches(glob: string, value: string): boolean {
  const source = glob
    .split('*')
    .map((part) => part.replace(/[.+?^${}()|[\]\\]/g, '\\$&'))
    .join('.*');
  return new RegExp(`^${source}$`, 's').test(value);
}

/** Every rule that counts the breach, in file order; a breach without the rule's value is never counted. */
export function rulesFor(rules: readonly InhibitRule[], breach: BreachChange): RuleHit[] {
  const hits: RuleHit[] = [];
  for (const rule of rules) {
    if (!matches(rule.match, breach)) continue;
    const key = groupValue(breach, rule.by);
    if (key === UNKNOWN || !rule.keys.some((glob) => globMatches(glob, key))) continue;
    hits.push({ rule, key, spared: rule.except !== undefined && matches(rule.except, breach) });
  }
  return hits;
}

/** The policy that pages the value's facility incident. */
export function facilityPolicy(rule: InhibitRule, key: string): string {
  return rule.routes.find((route) => globMatches(route.key, key))?.policy ?? rule.policy;
}

/** The group (Redis hash tag) of the rule's incidents for one value, apart from every policy's groups. */
export function inhibitionGroup(rule: InhibitRule, key: string): string {
  return groupKey(`inhibit:${rule.name}`, { [rule.by]: key });
}

/** The grouping a facility incident is paged, updated and reminded by. */
export function inhibitionGrouping(rule: InhibitRule): IncidentGrouping {
  return {
    by: [rule.by],
    wait: rule.wait,
    interval: rule.interval,
    ...(rule.repeat === undefined ? {} : { repeat: rule.repeat }),
  };
}

export function inhibitionOf(hit: RuleHit): Inhibition {
  return { rule: hit.rule.name, by: hit.rule.by, key: hit.key, threshold: hit.rule.threshold };
}

/**
 * Whether the breach is suppressed into the facility incident: once the
 * value's incident is open every further breach behind it is, until it
 * resolves; before, the breach that brings the count to the threshold opens it.
 */
export function inhibits(hit: RuleHit, counted: { open: number; incidentOpen: boolean }): boolean {
  if (hit.spared) return false;
  return counted.incidentOpen || counted.open >= hit.rule.threshold.count;
}

/**
 * Rules that may explain an ordinary incident: it is grouped by the rule's
 * field with a watched value, and its severity and standard fit the rule's
 * `match` (an incident has no single segment, product or waybill: only
 * those two are judged). Returns the value to look up for each.
 */
export function rulesExplaining(
  rules: readonly InhibitRule[],
  incident: { labels: Record<string, string>; severity: string; standard: string; mixedStandards: boolean },
): Array<{ rule: InhibitRule; key: string }> {
  const out: Array<{ rule: InhibitRule; key: string }> = [];
  for (const rule of rules) {
    const key = incident.labels[rule.by];
    if (key === undefined || key === UNKNOWN || !rule.keys.some((glob) => globMatches(glob, key))) continue;
    if (!fitsIncident(rule.match, incident)) continue;
    out.push({ rule, key });
  }
  return out;
}

function fitsIncident(
  matcher: BreachMatcher,
  incident: { severity: string; standard: string; mixedStandards: boolean },
): boolean {
  if (matcher.severity && !matcher.severity.includes(incident.severity)) return false;
  if (matcher.standard && !incident.mixedStandards && !matcher.standard.includes(incident.standard))
    return false;
  return true;
}
