import { describeValue } from '@slawatch/validation';
import { VARIABLES, type Variable, type VariableName } from './variables.js';

type Parsed<V> = V extends Variable<infer T> ? T : never;
type WithDefault = {
  [K in VariableName]: (typeof VARIABLES)[K] extends { default: string } ? K : never;
}[VariableName];

/** The validated environment: variables with a default are always present, the others may be undefined. */
export type Environment = { [K in WithDefault]: Parsed<(typeof VARIABLES)[K]> } & {
  [K in Exclude<VariableName, WithDefault>]?: Parsed<(typeof VARIABLES)[K]>;
};

export class ConfigurationError extends Error {
  constructor(readonly problems: string[]) {
    super(`invalid configuration:\n${problems.map((p) => `  ${p}`).join('\n')}`);
    this.name = 'ConfigurationError';
  }
}

/**
 * Reads every known variable from `env`, applying defaults and `overrides`
 * (a service's own defaults, e.g. its HTTP port). All problems are reported
 * at once, each naming the variable, the value found and what was expected.
 */
export function loadEnvironment(
  env: Record<string, string | undefined> = process.env,
  overrides: Partial<Record<VariableName, string>> = {},
): Environment {
  const out: Record<string, unknown> = {};
  const problems: string[] = [];
  for (const [name, spec] of Object.entries(VARIABLES) as [VariableName, Variable<unknown>][]) {
    const raw = nonEmpty(env[name]) ?? overrides[name] ?? spec.default;
    if (raw === undefined) continue;
    const result = spec.schema.safeParse(raw);
    if (result.success) {
      out[name] = result.data;
    } else {
      const shown = spec.secret ? '(hidden)' : describeValue(raw);
      const expected = result.error.issues.map((i) => i.message).join('; ');
      problems.push(`${name}=${shown}: ${expected}`);
    }
  }
  problems.push(...crossChecks(out));
  if (problems.length > 0) throw new ConfigurationError(problems);
  return out as Environment;
}

function nonEmpty(value: string | undefined): string | undefined {
  return value === undefined || value.trim() === '' ? undefined : value;
}

function crossChecks(env: Record<string, unknown>): string[] {
  const problems: string[] = [];
  if (env['KAFKA_SASL_MECHANISM'] && (!env['KAFKA_SASL_USERNAME'] || !env['KAFKA_SASL_PASSWORD'])) {
    problems.push('KAFKA_SASL_MECHANISM is set: expected KAFKA_SASL_USERNAME and KAFKA_SASL_PASSWORD too');
  }
  if (Boolean(env['KAFKA_SSL_CERT_FILE']) !== Boolean(env['KAFKA_SSL_KEY_FILE'])) {
    problems.push('KAFKA_SSL_CERT_FILE and KAFKA_SSL_KEY_FILE: expected both or neither (mutual TLS)');
  }
  const redisUrl = env['REDIS_URL'];
  if (
    env['REDIS_CLUSTER_NODES'] &&
    typeof redisUrl === 'string' &&
    /^rediss?:\/\/[^/]*\/0*[1-9]/.test(redisUrl)
  ) {
    problems.push(
      'REDIS_CLUSTER_NODES is set: expected REDIS_URL without a database number (a Redis Cluster has only database 0)',
    );
  }
  return problems;
}
