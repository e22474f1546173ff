import { loadConfigFile, parseConfigText } from '@slawatch/validation';
import { crossCheck } from './cross-check.js';
import { type StandardsFile, standardsFileSchema } from './schema.js';

/**
 * Reads and validates a standards file; throws ConfigFileError naming the file,
 * and for each problem the line, the path and what was expected.
 */
export function loadStandards(path: string): StandardsFile {
  return loadConfigFile(path, standardsFileSchema, { check: crossCheck });
}

/** As {@link loadStandards}, from text already in memory (`file` names it in errors). */
export function parseStandards(file: string, text: string): StandardsFile {
  return parseConfigText(file, text, standardsFileSchema, { check: crossCheck });
}
