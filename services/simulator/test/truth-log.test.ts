import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { ExpectedBreach } from '@slawatch/network-simulation';
import { afterEach, describe, expect, it } from 'vitest';
import { TruthLog } from '../src/truth-log.js';

const folders: string[] = [];
afterEach(() => {
  for (const folder of folders.splice(0)) rmSync(folder, { recursive: true, force: true });
});

const breach = (waybill: string): ExpectedBreach => ({
  waybill,
  standard: 'stockout',
  level: 'breach',
  status: 'open',
  occurrence: 0,
  breachId: `${waybill}:stockout:breach:1`,
  segment: 'sme',
  product: 'standard',
  route: 'same_city',
  settlesAtMs: 1,
  faults: ['stockout'],
});

describe('TruthLog', () => {
  it('appends one JSON object a line, creating the folder, and keeps what an earlier run wrote', async () => {
    const folder = mkdtempSync(join(tmpdir(), 'simulator-truth-'));
    folders.push(folder);
    const path = join(folder, 'nested', 'truth.jsonl');
    const first = new TruthLog(path);
    await first.write([breach('A1'), breach('A2')]);
    await first.write([]);
    await first.close();
    const second = new TruthLog(path);
    await second.write([breach('B1')]);
    await second.close();
    const lines = readFileSync(path, 'utf8').trimEnd().split('\n');
    expect(lines.map((line) => (JSON.parse(line) as ExpectedBreach).waybill)).toEqual(['A1', 'A2', 'B1']);
  });
});
