import { ConfigFileError, loadConfigFile, parseConfigText } from '@slawatch/validation';
import { crossCheck } from './cross-check.js';
import { type StandardsFile, standardsFileSchema } from './schema.js';

function checked(file: string, standards: StandardsFile): StandardsFile {
  const problems = crossCheck(standards);
  if (problems.length > 0) throw new ConfigFileError(file, problems);
  return standards;
}

/** Reads and validates a standards file; throws ConfigFileError naming the file, the path and what was expected. */
export function loadStandards(path: string): StandardsFile {
  return checked(path, loadConfigFile(path, standardsFileSchema));
}

/** As {@link loadStandards}, from text already in memory (`file` names it in errors). */
export function parseStandards(file: string, text: string): StandardsFile {
  return checked(file, parseConfigText(file, text, standardsFileSchema));
}
