import {
  ConfigFileError,
  type ConfigSource,
  formatPath,
  problemsFrom,
  readConfigSource,
  type ValidationProblem,
} from '@slawatch/validation';
import { type EscalationFile, EscalationFileSchema } from './policy-file.js';

const REFERENCE = /\$\{([A-Z_][A-Z0-9_]*)(?::-([^}]*))?\}/g;

/**
 * Replaces `${NAME}` in every string value with the environment variable, so
 * webhook secrets live in the environment, not in the file; `${NAME:-text}`
 * falls back to `text`. A missing variable without a fallback is an error
 * naming the file and the path where it is used.
 */
export function substituteEnvironment(
  value: unknown,
  env: Record<string, string | undefined>,
  missing: Array<{ path: string; name: string }>,
  path: PropertyKey[] = [],
): unknown {
  if (typeof value === 'string') {
    return value.replace(REFERENCE, (whole, variable: string, fallback: string | undefined) => {
      const found = env[variable];
      if (found === undefined || found === '') {
        if (fallback !== undefined) return fallback;
        missing.push({ path: formatPath(path), name: variable });
        return whole;
      }
      return found;
    });
  }
  if (Array.isArray(value))
    return value.map((item, index) => substituteEnvironment(item, env, missing, [...path, index]));
  if (value !== null && typeof value === 'object') {
    return Object.fromEntries(
      Object.entries(value).map(([key, item]) => [
        key,
        substituteEnvironment(item, env, missing, [...path, key]),
      ]),
    );
  }
  return value;
}

/** Reads, substitutes and validates an escalation file; throws ConfigFileError naming the file and each path. */
export function loadEscalationFile(
  file: string,
  env: Record<string, string | undefined> = process.env,
): EscalationFile {
  const source = readConfigSource(file);
  return parseEscalation(file, source.value, env, source);
}

export function parseEscalation(
  file: string,
  raw: unknown,
  env: Record<string, string | undefined>,
  /** The file the value was read from: problems then name their line. */
  source?: ConfigSource,
): EscalationFile {
  const fail = (problems: ValidationProblem[]): never => {
    throw new ConfigFileError(file, source ? source.located(problems) : problems);
  };
  const missing: Array<{ path: string; name: string }> = [];
  const input = substituteEnvironment(raw, env, missing);
  if (missing.length > 0) {
    fail(missing.map((m) => ({ path: m.path, message: `environment variable ${m.name} is not set` })));
  }
  const result = EscalationFileSchema.safeParse(input);
  if (!result.success) return fail(problemsFrom(result.error, input));
  return result.data;
}
