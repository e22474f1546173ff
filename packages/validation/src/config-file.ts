import { readFileSync } from 'node:fs';
import { parseDocument } from 'yaml';
import type { z } from 'zod';
import { problemsFrom, type ValidationProblem } from './issues.js';

/** A configuration file that could not be read or is not what was expected; start-up must stop. */
export class ConfigFileError extends Error {
  constructor(
    readonly file: string,
    readonly problems: ValidationProblem[],
  ) {
    super(`${file} is not valid:\n${problems.map((p) => `  ${p.path}: ${p.message}`).join('\n')}`);
    this.name = 'ConfigFileError';
  }
}

/** Parses YAML (a superset of JSON) text and validates it, naming the file and the path of every problem. */
export function parseConfigText<S extends z.ZodType>(file: string, text: string, schema: S): z.output<S> {
  const document = parseDocument(text, { prettyErrors: true, uniqueKeys: true });
  if (document.errors.length > 0) {
    throw new ConfigFileError(
      file,
      document.errors.map((e) => ({
        path: e.linePos ? `line ${e.linePos[0].line}, column ${e.linePos[0].col}` : '(root)',
        message: `not valid YAML: ${e.message.split('\n')[0]}`,
      })),
    );
  }
  const input: unknown = document.toJS();
  const result = schema.safeParse(input);
  if (!result.success) throw new ConfigFileError(file, problemsFrom(result.error, input));
  return result.data;
}

export function loadConfigFile<S extends z.ZodType>(file: string, schema: S): z.output<S> {
  let text: string;
  try {
    text = readFileSync(file, 'utf8');
  } catch (error) {
    const reason = (error as NodeJS.ErrnoException).code === 'ENOENT' ? 'file not found' : String(error);
    throw new ConfigFileError(file, [{ path: '(file)', message: reason }]);
  }
  return parseConfigText(file, text, schema);
}
