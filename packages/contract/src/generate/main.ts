import { mkdirSync, readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { contractDocuments, SCHEMAS_DIRECTORY } from './documents.js';

/*
 * Writes docs/contract/ from the zod schemas, or with --check reports which
 * committed files differ from what would be written and exits 1.
 */

const repositoryRoot = resolve(dirname(fileURLToPath(import.meta.url)), '../../../..');

function readIfPresent(path: string): string | undefined {
  try {
    return readFileSync(path, 'utf8');
  } catch {
    return undefined;
  }
}

function listSchemaFiles(): string[] {
  try {
    return readdirSync(join(repositoryRoot, SCHEMAS_DIRECTORY)).map((name) => `${SCHEMAS_DIRECTORY}/${name}`);
  } catch {
    return [];
  }
}

const documents = contractDocuments();
const expected = new Set(documents.map((document) => document.path));
// The schemas directory is wholly generated: a file there that we no longer generate is stale too.
const leftovers = listSchemaFiles().filter((path) => !expected.has(path));

if (process.argv.includes('--check')) {
  const stale = documents
    .filter((document) => readIfPresent(join(repositoryRoot, document.path)) !== document.content)
    .map((document) => document.path);
  stale.push(...leftovers);
  if (stale.length > 0) {
    console.error(
      `Contract documents are stale; run npx tsx packages/contract/src/generate/main.ts\n${stale.map((path) => `  ${path}`).join('\n')}`,
    );
    process.exit(1);
  }
  console.log(`Contract documents are up to date (${documents.length} files).`);
} else {
  for (const document of documents) {
    const path = join(repositoryRoot, document.path);
    mkdirSync(dirname(path), { recursive: true });
    if (readIfPresent(path) !== document.content) writeFileSync(path, document.content);
  }
  for (const path of leftovers) rmSync(join(repositoryRoot, path));
  console.log(`Wrote ${documents.length} contract documents under docs/contract.`);
}
