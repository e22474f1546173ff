import { createHash } from 'node:crypto';
import type { BreachChange } from '@slawatch/contract';
import { durationMilliseconds } from '@slawatch/validation';
import { z } from 'zod';

/** What breaches of one incident share: fields of the breach and of its likely cause. */
export const GROUP_FIELDS = [
  'standard',
  'severity',
  'segment',
  'facility',
  'courier',
  'lane',
  'origin',
  'destination',
  'customer',
] as const;
export type GroupField = (typeof GROUP_FIELDS)[number];

export const GroupingSchema = z.union([
  z.literal('none'),
  z.strictObject({
    /** Breaches with the same values of these fields (and the same policy) form one incident. */
    by: z.array(z.enum(GROUP_FIELDS)).min(1, 'expected at least one field to group by'),
    /** How long a new incident gathers members before its first page. */
    wait: durationMilliseconds().default(30_000),
    /** At most one update per interval while membership changes. */
    interval: durationMilliseconds().default(300_000),
    /** Without changes, the incident is sent again after this long while nobody acknowledged it. */
    repeat: durationMilliseconds().optional(),
  }),
]);
export type Grouping = z.output<typeof GroupingSchema>;
export type IncidentGrouping = Exclude<Grouping, 'none'>;

/** A breach without the value (e.g. never scanned) groups under this. */
const UNKNOWN = '-';

/** The value of one grouping field for a breach. */
export function groupValue(breach: BreachChange, field: GroupField): string {
  const cause = breach.cause;
  switch (field) {
    case 'standard':
    case 'severity':
    case 'segment':
      return breach[field];
    case 'facility': {
      const seen = cause?.lastSeen;
      return seen && seen.kind !== 'courier' ? `${seen.kind}:${seen.id}` : UNKNOWN;
    }
    case 'courier': {
      const seen = cause?.lastSeen;
      return (seen?.kind === 'courier' ? seen.id : seen?.courierId) ?? UNKNOWN;
    }
    case 'lane':
      return cause?.lane ?? UNKNOWN;
    case 'origin':
      return cause?.originCity ?? UNKNOWN;
    case 'destination':
      return cause?.destinationCity ?? UNKNOWN;
    case 'customer':
      return cause?.customerId ?? UNKNOWN;
  }
}

/** What one incident's members share, field by field, in the order of `by`. */
export function groupLabels(grouping: IncidentGrouping, breach: BreachChange): Record<string, string> {
  return Object.fromEntries(grouping.by.map((field) => [field, groupValue(breach, field)]));
}

/**
 * The group of a breach under a policy: a short hash of the policy and the
 * labels, used as the Redis hash tag of the group's incidents.
 */
export function groupKey(policy: string, labels: Record<string, string>): string {
  const text = JSON.stringify([policy, Object.entries(labels)]);
  return createHash('sha256').update(text).digest('base64url').slice(0, 16);
}
