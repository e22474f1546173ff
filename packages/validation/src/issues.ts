import type { z } from 'zod';
import { notOneOf } from './closest-name.js';

/** One validation failure, located by a dotted path such as `data.pieces` or `standards[3].rule.limit`. */
export interface ValidationProblem {
  path: string;
  message: string;
  /** The line in the file it was read from (1-based), when it came from a file. */
  line?: number;
  /** Where to point in the file when not at `path` itself, e.g. at an unknown key. */
  at?: ReadonlyArray<PropertyKey>;
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

type Issue = z.core.$ZodIssue;

/**
 * zod reports a failed union as "Invalid input" with each branch's issues.
 * The branches whose value had the wrong type at the union itself say
 * nothing about the value; the others say what is wrong inside it (an event
 * type not in the list, an element of an array). When every branch failed on
 * the type, the union's expectation is the list of types.
 */
function unionIssues(issue: Issue & { code: 'invalid_union' }): Issue[] {
  const branches = issue.errors as Issue[][];
  const depth = (branch: Issue[]) => Math.max(...branch.map((inner) => inner.path.length));
  const wrongType = (branch: Issue[]) =>
    branch.every((inner) => inner.code === 'invalid_type' && inner.path.length === 0);
  // The branch that got furthest into the value, then one that at least took its type.
  const telling = [...branches]
    .filter((branch) => branch.length > 0)
    .sort((a, b) => depth(b) - depth(a) || Number(wrongType(a)) - Number(wrongType(b)))[0];
  if (telling && !wrongType(telling)) {
    return telling.flatMap((inner) => {
      const located = { ...inner, path: [...issue.path, ...inner.path] } as Issue;
      return located.code === 'invalid_union' ? unionIssues(located) : [located];
    });
  }
  const expected = [...new Set(branches.map((branch) => (branch[0] as { expected?: string }).expected))]
    .filter((type): type is string => typeof type === 'string')
    .join(' or ');
  if (!expected) return [issue];
  return [{ ...issue, message: `expected ${expected}` } as Issue];
}

function messageOf(issue: Issue, found: unknown): string {
  if (issue.code === 'unrecognized_keys') {
    return `unknown field${issue.keys.length > 1 ? 's' : ''} ${issue.keys.join(', ')}`;
  }
  if (issue.code === 'invalid_value' && /^Invalid option/.test(issue.message)) {
    // zod's `expected one of "a"|"b"` becomes the list a reader can copy from, with the closest match.
    return notOneOf(found, issue.values.map(String), describeValue(found));
  }
  if (issue.code === 'invalid_type' && found === undefined && issue.message.startsWith('Invalid input'))
    return `expected ${issue.expected}, got nothing`;
  if (!/, got |received/i.test(issue.message)) return `${issue.message}, got ${describeValue(found)}`;
  return issue.message.replace(/received/i, 'got');
}

/**
 * Renders zod issues as `path: expected …, got …`. zod's own messages say what
 * was expected; the value actually found is appended so the reader needs no
 * other tool to see what went wrong. An unknown key is located at the key.
 */
export function problemsFrom(error: z.ZodError, input: unknown): ValidationProblem[] {
  const issues = error.issues.flatMap((issue) =>
    issue.code === 'invalid_union' ? unionIssues(issue) : [issue],
  );
  return issues.map((issue) => {
    const problem: ValidationProblem = {
      path: formatPath(issue.path),
      message: messageOf(issue, valueAt(input, issue.path)),
    };
    if (issue.code === 'unrecognized_keys' && issue.keys[0] !== undefined) {
      problem.at = [...issue.path, issue.keys[0]];
    }
    return problem;
  });
}

export function renderProblems(problems: ReadonlyArray<ValidationProblem>): string {
  return problems.map((p) => `${p.path}: ${p.message}`).join('\n');
}
