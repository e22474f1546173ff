import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { runUntilExit } from '../../../test/harness/service-process.js';

describe('start-up with a bad configuration', () => {
  it('stops with a message naming the variable, its value and what was expected', async () => {
    const { code, output } = await runUntilExit('monitor', {
      HTTP_PORT: 'eighty',
      KAFKA_BROKERS: 'localhost',
    });
    expect(code).toBe(2);
    expect(output).toContain('HTTP_PORT="eighty": expected a port number');
    expect(output).toContain('KAFKA_BROKERS="localhost": expected host:port');
  });

  it('stops with a message naming the standards file, the path inside it and what was expected', async () => {
    const folder = mkdtempSync(join(tmpdir(), 'slawatch-standards-'));
    const file = join(folder, 'broken.yaml');
    writeFileSync(file, 'version: "1"\nstandards:\n  - id: pickup\n    element: speed\n');
    const { code, output } = await runUntilExit('monitor', { STANDARDS_FILE: file });
    expect(code).toBe(2);
    expect(output).toContain(`${file} is not valid`);
    expect(output).toMatch(/standards\[0\]\.element: .*expected/);
  });
});
