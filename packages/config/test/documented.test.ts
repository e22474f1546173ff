import { readFileSync } from 'node:fs';
import { resolve } from 'node:path';
import { describe, expect, it } from 'vitest';
import { VARIABLES } from '../src/index.js';

describe('docs/operations.md', () => {
  it('documents every environment variable the services read', () => {
    const text = readFileSync(resolve(import.meta.dirname, '../../../docs/operations.md'), 'utf8');
    const missing = Object.keys(VARIABLES).filter((name) => !text.includes(`\`${name}\``));
    expect(missing).toEqual([]);
  });
});
