import { readFileSync } from 'node:fs';
import { resolve } from 'node:path';
import { parseStandards, type StandardsFile } from '@slawatch/standards';
import { parseDocument } from 'yaml';

export const repositoryRoot = resolve(import.meta.dirname, '../../..');

export function defaultStandardsText(): string {
  return readFileSync(resolve(repositoryRoot, 'standards/default.yaml'), 'utf8');
}

/**
 * standards/default.yaml with edits applied in memory, through the same
 * parser and checks as the real file. `edit` gets the standard's index by id.
 */
export function editedDefaultStandards(
  edit: (document: ReturnType<typeof parseDocument>, indexOf: (id: string) => number) => void,
): StandardsFile {
  const document = parseDocument(defaultStandardsText());
  const ids = (document.toJS() as { standards: Array<{ id: string }> }).standards.map((s) => s.id);
  edit(document, (id) => {
    const index = ids.indexOf(id);
    if (index < 0) throw new Error(`no standard ${id}`);
    return index;
  });
  return parseStandards('standards/default.yaml (edited in memory)', document.toString());
}

/** Every standard's id in standards/default.yaml, in file order. */
export function defaultStandardIds(): string[] {
  return (parseDocument(defaultStandardsText()).toJS() as { standards: Array<{ id: string }> }).standards.map(
    (s) => s.id,
  );
}

/** Removes the objectives of every standard but those named. */
export function withoutObjectives(
  document: ReturnType<typeof parseDocument>,
  indexOf: (id: string) => number,
  keep: string[] = [],
): void {
  for (const id of defaultStandardIds()) {
    if (!keep.includes(id)) document.deleteIn(['standards', indexOf(id), 'objectives']);
  }
}
