import { execFile } from 'node:child_process';
import { existsSync } from 'node:fs';
import { promisify } from 'node:util';
import { describe, expect, it } from 'vitest';
import { RULES_TARGET } from '../src/index.js';
import { repositoryRoot } from './support.js';

const run = promisify(execFile);
const PROMTOOL = process.env['PROMTOOL'] ?? '/usr/bin/promtool';

async function promtool(...args: string[]): Promise<string> {
  if (!existsSync(PROMTOOL)) {
    throw new Error(
      `promtool not found at ${PROMTOOL}: install it (sudo apt-get install prometheus) or set PROMTOOL to its path`,
    );
  }
  try {
    const { stdout, stderr } = await run(PROMTOOL, args, { cwd: repositoryRoot });
    return stdout + stderr;
  } catch (error) {
    const failed = error as { stdout?: string; stderr?: string; message: string };
    throw new Error(
      `promtool ${args.join(' ')} failed:\n${failed.stdout ?? ''}${failed.stderr ?? failed.message}`,
    );
  }
}

describe('the generated rules under promtool', () => {
  it('are valid Prometheus rules', async () => {
    expect(await promtool('check', 'rules', RULES_TARGET)).toMatch(/SUCCESS: \d+ rules found/);
  });

  it('fire nothing on a fresh start with two bad minutes, page on an outage or a burst, stay quiet for one breach', async () => {
    expect(await promtool('test', 'rules', 'infra/prometheus/tests/slo-rules.test.yml')).toContain('SUCCESS');
  }, 120_000);

  it('open a ticket on a slow burn once three days are watched, and stay quiet within budget', async () => {
    expect(await promtool('test', 'rules', 'infra/prometheus/tests/slo-rules-slow-burn.test.yml')).toContain(
      'SUCCESS',
    );
  }, 120_000);
});
