import type { z } from 'zod';

/** One validation failure, located by a dotted path such as `data.pieces` or `standards[3].rule.limit`. */
export interface ValidationProblem {
  path: string;
  message: string;
}

/** `['data', 'items', 0, 'sku']` → `data.items[0].sku`. */
export function formatPath(path: ReadonlyArray<PropertyKey>): string {
  let out = '';
  for (const part of path) {
    if (typeof part === 'number') out += `[${part}]`;
    else out += out === '' ? String(part) : `.${String(part)}`;
  }
  return out === '' ? '(root)' : out;
}

/** A short, human-readable rendering of the value that failed, e.g. `"three"` or `an object`. */
export function describeValue(value: unknown): string {
  if (value === undefined) return 'nothing';
  if (value === null) return 'null';
  if (typeof value === 'string')
    return JSON.stringify(value.length > 60 ? `${value.slice(0, 57)}...` : value);
  if (typeof value === 'number' || typeof value === 'boolean') return String(value);
  if (Array.isArray(value)) return 'an array';
  return `a ${typeof value}`;
}

/**
 * What kind of value was found, never its content: `a string of 11 characters`,
 * `a number`, `an array`. For values that may be personal data, where quoting
 * them would copy them into dead-letter topics and logs read by many.
 */
export function describeKind(value: unknown): string {
  if (value === undefined) return 'nothing';
  if (value === null) return 'null';
  if (typeof value === 'string') return `a string of ${value.length} characters`;
  if (typeof value === 'boolean') return 'a boolean';
  if (Array.isArray(value)) return 'an array';
  return typeof value === 'object' ? 'an object' : `a ${typeof value}`;
}

function valueAt(root: unknown, path: ReadonlyArray<PropertyKey>): unknown {
  let current: unknown = root;
  for (const part of path) {
    if (current === null || typeof current !== 'object') return undefined;
    current = (current as Record<PropertyKey, unknown>)[part];
  }
  return current;
}

/**
 * Renders zod issues as `path: expected …, got …`. zod's own messages say what
 * was expected; the value actually found is appended so the reader needs no
 * other tool to see what went wrong.
 */
export function problemsFrom(error: z.ZodError, input: unknown): ValidationProblem[] {
  return error.issues.map((issue) => {
    const path = formatPath(issue.path);
    const found = valueAt(input, issue.path);
    let message = issue.message;
    if (issue.code === 'unrecognized_keys') {
      message = `unknown field${issue.keys.length > 1 ? 's' : ''} ${issue.keys.join(', ')}`;
    } else if (!/, got |received/i.test(message)) {
      message = `${message}, got ${describeValue(found)}`;
    } else {
      message = message.replace(/received/i, 'got');
    }
    return { path, message };
  });
}

export function renderProblems(problems: ReadonlyArray<ValidationProblem>): string {
  return problems.map((p) => `${p.path}: ${p.message}`).join('\n');
}
