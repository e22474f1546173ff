import { readFileSync } from 'node:fs';
import { type Document, LineCounter, parseDocument } from 'yaml';
import type { z } from 'zod';
import { problemsFrom, type ValidationProblem } from './issues.js';
import { lineOf, parsePath } from './yaml-lines.js';

function where(problem: ValidationProblem): string {
  return problem.line === undefined ? problem.path : `line ${problem.line}, ${problem.path}`;
}

/** A configuration file that could not be read or is not what was expected; start-up must stop. */
export class ConfigFileError extends Error {
  constructor(
    readonly file: string,
    readonly problems: ValidationProblem[],
  ) {
    super(`${file} is not valid:\n${problems.map((p) => `  ${where(p)}: ${p.message}`).join('\n')}`);
    this.name = 'ConfigFileError';
  }
}

/**
 * A YAML configuration file read into memory: its value, and the lines of
 * its paths, so every problem found in it (by the schema or by checks the
 * schema cannot express) names the line to fix.
 */
export class ConfigSource {
  readonly value: unknown;
  readonly #document: Document;
  readonly #lines = new LineCounter();

  constructor(
    readonly file: string,
    text: string,
  ) {
    this.#document = parseDocument(text, { prettyErrors: true, uniqueKeys: true, lineCounter: this.#lines });
    if (this.#document.errors.length > 0) {
      throw new ConfigFileError(
        file,
        this.#document.errors.map((e) => ({
          path: e.linePos ? `line ${e.linePos[0].line}, column ${e.linePos[0].col}` : '(root)',
          message: `not valid YAML: ${e.message.split('\n')[0]}`,
        })),
      );
    }
    this.value = this.#document.toJS();
  }

  /** The problems with the line each is written on (or its nearest written parent). */
  located(problems: ReadonlyArray<ValidationProblem>): ValidationProblem[] {
    return problems.map((problem) => {
      const line = problem.line ?? lineOf(this.#document, this.#lines, problem.at ?? parsePath(problem.path));
      const { at: _at, ...rest } = problem;
      return line === undefined ? rest : { ...rest, line };
    });
  }

  /** Stops with every problem located; nothing to do when there is none. */
  failOn(problems: ReadonlyArray<ValidationProblem>): void {
    if (problems.length > 0) throw new ConfigFileError(this.file, this.located(problems));
  }

  /** Validates `input` (by default the file's value, or one derived from it path for path). */
  validate<S extends z.ZodType>(schema: S, input: unknown = this.value): z.output<S> {
    const result = schema.safeParse(input);
    if (!result.success)
      throw new ConfigFileError(this.file, this.located(problemsFrom(result.error, input)));
    return result.data;
  }
}

export interface ConfigCheck<T> {
  /** Checks the schema cannot express (names that must refer to something declared elsewhere in the file). */
  check?: (value: T) => ValidationProblem[];
}

/** Parses YAML (a superset of JSON) text and validates it, naming the file, the line and the path of every problem. */
export function parseConfigText<S extends z.ZodType>(
  file: string,
  text: string,
  schema: S,
  options: ConfigCheck<z.output<S>> = {},
): z.output<S> {
  const source = new ConfigSource(file, text);
  const value = source.validate(schema);
  if (options.check) source.failOn(options.check(value));
  return value;
}

/** Reads a configuration file; a file that cannot be read is a ConfigFileError naming it and why. */
export function readConfigSource(file: string): ConfigSource {
  let text: string;
  try {
    text = readFileSync(file, 'utf8');
  } catch (error) {
    const code = (error as NodeJS.ErrnoException).code;
    const reason =
      code === 'ENOENT'
        ? 'file not found'
        : code === 'EISDIR'
          ? 'is a directory, expected a file'
          : code === 'EACCES'
            ? 'permission denied'
            : String(error);
    throw new ConfigFileError(file, [{ path: '(file)', message: reason }]);
  }
  return new ConfigSource(file, text);
}

export function loadConfigFile<S extends z.ZodType>(
  file: string,
  schema: S,
  options: ConfigCheck<z.output<S>> = {},
): z.output<S> {
  const source = readConfigSource(file);
  const value = source.validate(schema);
  if (options.check) source.failOn(options.check(value));
  return value;
}
