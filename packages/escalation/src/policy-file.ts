import { type Target, TargetSchema } from '@slawatch/notification-channels';
import { DURATION_PATTERN, durationMilliseconds, durationText, parseDuration } from '@slawatch/validation';
import { z } from 'zod';
import { type Grouping, GroupingSchema } from './grouping.js';
import { InhibitRuleSchema } from './inhibition.js';
import { type BreachMatcher, BreachMatcherSchema } from './matcher.js';
import { ABSOLUTE_MAXIMUM, DEFAULT_RESPONDER_MAXIMUM } from './silence-policy.js';

const name = z
  .string()
  .regex(/^[a-zA-Z0-9_-]{1,64}$/, 'expected a name of letters, digits, _ and - (at most 64)');

export const RateLimitSchema = z.strictObject({
  messages: z.number().int().positive(),
  per: durationMilliseconds(),
});
export interface RateLimit {
  messages: number;
  perMs: number;
}

/** The chat robots refuse more than 20 messages a minute each (DingTalk and WeCom document this). */
const ROBOT_DEFAULT: RateLimit = { messages: 20, perMs: 60_000 };

const TargetEntrySchema = z
  .looseObject({ rateLimit: RateLimitSchema.optional() })
  .transform((entry, context) => {
    const { rateLimit, ...channel } = entry;
    const parsed = TargetSchema.safeParse(channel);
    if (!parsed.success) {
      for (const issue of parsed.error.issues) {
        const message =
          issue.code === 'unrecognized_keys' ? `unknown field ${issue.keys.join(', ')}` : issue.message;
        context.addIssue({ code: 'custom', message, path: issue.path as PropertyKey[] });
      }
      return z.NEVER;
    }
    const target = parsed.data;
    const limit: RateLimit | undefined = rateLimit
      ? { messages: rateLimit.messages, perMs: rateLimit.per }
      : target.type === 'dingtalk' || target.type === 'wecom'
        ? ROBOT_DEFAULT
        : undefined;
    return { target, ...(limit ? { rateLimit: limit } : {}) };
  });

const StepSchema = z.strictObject({
  notify: z.array(name).min(1, 'expected at least one target'),
  /** How long to wait for an acknowledgement before the next step; the last step of the last pass needs none. */
  wait: durationMilliseconds().optional(),
});

const EscalatePolicySchema = z.strictObject({
  kind: z.literal('escalate'),
  steps: z.array(StepSchema).min(1, 'expected at least one step'),
  /** How many times the whole list of steps runs, the first run included. */
  repeat: z.number().int().min(1).max(100).default(1),
  /** How its breaches form incidents; absent or `none`: one page per breach. */
  group: GroupingSchema.default('none'),
});

const DigestPolicySchema = z.strictObject({
  kind: z.literal('digest'),
  notify: z.array(name).min(1, 'expected at least one target'),
  every: durationMilliseconds(),
});

const PolicySchema = z.discriminatedUnion('kind', [EscalatePolicySchema, DigestPolicySchema], {
  error: 'expected kind: escalate or kind: digest',
});

const RouteSchema = z.strictObject({
  match: BreachMatcherSchema.default({}),
  policy: name,
  /** Overrides the policy's grouping for the breaches of this route (e.g. `none` for a key account). */
  group: GroupingSchema.optional(),
});

export const EscalationFileSchema = z
  .strictObject({
    targets: z.record(name, TargetEntrySchema),
    policies: z.record(name, PolicySchema),
    routes: z.array(RouteSchema).default([]),
    defaultPolicy: name,
    /** Topology inhibition: a facility, courier or lane past its threshold becomes one incident (inhibition.ts). */
    inhibit: z.array(InhibitRuleSchema).default([]),
    /** Attempts per delivery before it counts as failed; the backoff doubles from `retryBackoff`. */
    delivery: z
      .strictObject({
        attempts: z.number().int().min(1).max(20).default(5),
        retryBackoff: durationMilliseconds().default(1000),
        timeout: durationMilliseconds().default(5000),
      })
      .default({ attempts: 5, retryBackoff: 1000, timeout: 5000 }),
    /** The silence rules (silence-policy.ts); kept as written, so refusals quote the file. */
    silences: z
      .strictObject({
        responderMaximum: durationText()
          // Only a duration that parsed is compared (zod runs this check after a failed pattern too).
          .refine(
            (text) => !DURATION_PATTERN.test(text) || parseDuration(text) <= parseDuration(ABSOLUTE_MAXIMUM),
            {
              message: `expected at most ${ABSOLUTE_MAXIMUM}, the longest any silence may last`,
            },
          )
          .default(DEFAULT_RESPONDER_MAXIMUM),
      })
      .default({ responderMaximum: DEFAULT_RESPONDER_MAXIMUM }),
  })
  .superRefine((file, context) => {
    const policyNames = new Set(Object.keys(file.policies));
    const targetNames = new Set(Object.keys(file.targets));
    const unknownPolicy = (path: PropertyKey[], policy: string) =>
      context.addIssue({
        code: 'custom',
        path,
        message: `expected one of the policies (${[...policyNames].join(', ')})`,
        input: policy,
      });
    file.routes.forEach((route, index) => {
      if (!policyNames.has(route.policy)) unknownPolicy(['routes', index, 'policy'], route.policy);
    });
    if (!policyNames.has(file.defaultPolicy)) unknownPolicy(['defaultPolicy'], file.defaultPolicy);
    const checkTargets = (path: PropertyKey[], names: string[]) =>
      names.forEach((target, index) => {
        if (!targetNames.has(target)) {
          context.addIssue({
            code: 'custom',
            path: [...path, index],
            message: `expected one of the targets (${[...targetNames].join(', ')})`,
          });
        }
      });
    const ruleNames = new Set<string>();
    file.inhibit.forEach((rule, index) => {
      if (ruleNames.has(rule.name))
        context.addIssue({
          code: 'custom',
          path: ['inhibit', index, 'name'],
          message: `expected a name no other inhibit rule has, got "${rule.name}" twice`,
        });
      ruleNames.add(rule.name);
      const policies: Array<[PropertyKey[], string]> = [
        [['inhibit', index, 'policy'], rule.policy],
        ...rule.routes.map((route, routeIndex): [PropertyKey[], string] => [
          ['inhibit', index, 'routes', routeIndex, 'policy'],
          route.policy,
        ]),
      ];
      for (const [path, policy] of policies) {
        if (!policyNames.has(policy)) unknownPolicy(path, policy);
        else if (file.policies[policy]?.kind !== 'escalate')
          context.addIssue({
            code: 'custom',
            path,
            message: `expected a policy of kind escalate (a facility incident is paged), got digest policy "${policy}"`,
          });
      }
    });
    for (const [policyName, policy] of Object.entries(file.policies)) {
      if (policy.kind === 'digest') {
        checkTargets(['policies', policyName, 'notify'], policy.notify);
        continue;
      }
      policy.steps.forEach((step, index) => {
        checkTargets(['policies', policyName, 'steps', index, 'notify'], step.notify);
        const last = index === policy.steps.length - 1;
        if (step.wait === undefined && !(last && policy.repeat === 1)) {
          context.addIssue({
            code: 'custom',
            path: ['policies', policyName, 'steps', index, 'wait'],
            message: 'expected a wait (e.g. 15m): another step follows this one',
          });
        }
      });
    }
  });

export type EscalationFile = z.output<typeof EscalationFileSchema>;
export type Policy = EscalationFile['policies'][string];
export type EscalatePolicy = Extract<Policy, { kind: 'escalate' }>;
export type DigestPolicy = Extract<Policy, { kind: 'digest' }>;
export type Route = { match: BreachMatcher; policy: string; group?: Grouping };
export interface TargetEntry {
  target: Target;
  rateLimit?: RateLimit;
}
