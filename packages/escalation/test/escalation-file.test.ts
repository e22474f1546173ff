import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { ConfigFileError } from '@slawatch/validation';
import { describe, expect, it } from 'vitest';
import { parse } from 'yaml';
import { loadEscalationFile, parseEscalation } from '../src/load-escalation-file.js';

const VALID = `
targets:
  tier-1: { type: webhook, url: http://127.0.0.1:9/a, secret: '\${TIER1_SECRET}' }
  robot: { type: dingtalk, url: 'https://oapi.dingtalk.com/robot/send?access_token=abc' }
  slow: { type: webhook, url: http://127.0.0.1:9/b, secret: 0123456789abcdef, rateLimit: { messages: 5, per: 10s } }
policies:
  page:
    kind: escalate
    steps:
      - { notify: [tier-1], wait: 15m }
      - { notify: [robot] }
  digest: { kind: digest, every: 30m, notify: [slow] }
routes:
  - { match: { severity: critical }, policy: page }
defaultPolicy: digest
`;

function problemsOf(
  text: string,
  env: Record<string, string> = { TIER1_SECRET: 'a-secret-of-enough-length' },
) {
  try {
    parseEscalation('escalation.yaml', parse(text), env);
  } catch (error) {
    if (error instanceof ConfigFileError) return error.problems.map((p) => `${p.path}: ${p.message}`);
    throw error;
  }
  return [];
}

describe('escalation file', () => {
  it('reads durations, substitutes secrets and gives chat robots their 20-a-minute limit', () => {
    const file = parseEscalation('escalation.yaml', parse(VALID), {
      TIER1_SECRET: 'a-secret-of-enough-length',
    });
    const page = file.policies['page'];
    expect(page?.kind === 'escalate' && page.steps[0]?.wait).toBe(900_000);
    expect(page?.kind === 'escalate' && page.repeat).toBe(1);
    expect(file.targets['tier-1']?.target).toMatchObject({
      type: 'webhook',
      secret: 'a-secret-of-enough-length',
    });
    expect(file.targets['tier-1']?.rateLimit).toBeUndefined();
    expect(file.targets['robot']?.rateLimit).toEqual({ messages: 20, perMs: 60_000 });
    expect(file.targets['slow']?.rateLimit).toEqual({ messages: 5, perMs: 10_000 });
    expect(file.delivery).toEqual({ attempts: 5, retryBackoff: 1000, timeout: 5000 });
  });

  it('names the path of a missing environment variable, and uses a fallback when one is given', () => {
    expect(problemsOf(VALID, {})).toEqual([
      'targets.tier-1.secret: environment variable TIER1_SECRET is not set',
    ]);
    const reference = ['$', '{TIER1_SECRET}'].join('');
    const withFallback = VALID.replace(reference, reference.replace('}', ':-fallback-secret-0123456789}'));
    const file = parseEscalation('escalation.yaml', parse(withFallback), {});
    expect(file.targets['tier-1']?.target).toMatchObject({ secret: 'fallback-secret-0123456789' });
  });

  it('names unknown targets and policies with the names that exist', () => {
    const text = VALID.replace('notify: [robot]', 'notify: [robott]').replace(
      'policy: page',
      'policy: pages',
    );
    expect(problemsOf(text)).toEqual([
      'routes[0].policy: expected one of the policies (page, digest), got "pages"',
      'policies.page.steps[1].notify[0]: expected one of the targets (tier-1, robot, slow), got "robott"',
    ]);
  });

  it('rejects a bad duration, a step without a wait before another step, and a misspelt target field', () => {
    const text = VALID.replace('wait: 15m', 'wait: 15 minutes')
      .replace('every: 30m', 'every: soon')
      .replace('secret: 0123456789abcdef', 'secert: 0123456789abcdef');
    const problems = problemsOf(text);
    expect(problems).toContain(
      'policies.page.steps[0].wait: expected a duration such as "2h", "30m", "45s", "3d" or "1h30m", got "15 minutes"',
    );
    expect(problems).toContain(
      'policies.digest.every: expected a duration such as "2h", "30m", "45s", "3d" or "1h30m", got "soon"',
    );
    expect(problems.some((p) => p.startsWith('targets.slow') && p.includes('secert'))).toBe(true);
    const noWait = VALID.replace('{ notify: [tier-1], wait: 15m }', '{ notify: [tier-1] }');
    expect(problemsOf(noWait)).toEqual([
      'policies.page.steps[0].wait: expected a wait (e.g. 15m): another step follows this one, got nothing',
    ]);
  });

  it("reads the responder's silence maximum as written, 4h unless set, and at most 30d", () => {
    const env = { TIER1_SECRET: 'a-secret-of-enough-length' };
    expect(parseEscalation('escalation.yaml', parse(VALID), env).silences).toEqual({
      responderMaximum: '4h',
    });
    const set = `${VALID}silences: { responderMaximum: 1h30m }\n`;
    expect(parseEscalation('escalation.yaml', parse(set), env).silences.responderMaximum).toBe('1h30m');
    expect(problemsOf(`${VALID}silences: { responderMaximum: 31d }\n`)).toEqual([
      'silences.responderMaximum: expected at most 30d, the longest any silence may last, got "31d"',
    ]);
    expect(problemsOf(`${VALID}silences: { responderMaximum: long }\n`)).toEqual([
      'silences.responderMaximum: expected a duration such as "2h", "30m", "45s", "3d" or "1h30m", got "long"',
    ]);
  });

  it('ships default and demo files that load, naming the file when one is missing', () => {
    for (const name of ['default', 'demo']) {
      const file = loadEscalationFile(
        new URL(`../../../escalation/${name}.yaml`, import.meta.url).pathname,
        {},
      );
      expect(Object.keys(file.policies)).toEqual(['critical-page', 'major-page', 'minor-digest']);
      expect(file.inhibit.map((rule) => [rule.name, rule.by])).toContainEqual(['hub-outage', 'facility']);
    }
    expect(() => loadEscalationFile('nowhere.yaml', {})).toThrow(
      /nowhere\.yaml is not valid:\n {2}\(file\): file not found/,
    );
  });

  it('names the line of each problem in a file on disk, with what was expected', () => {
    const folder = mkdtempSync(join(tmpdir(), 'escalation-file-'));
    try {
      const path = join(folder, 'escalation.yaml');
      writeFileSync(path, VALID.replace('policy: page', 'policy: pgae').replace('TIER1_SECRET}', 'NO_SUCH}'));
      expect(() => loadEscalationFile(path, {})).toThrow(
        `${path} is not valid:\n  line 3, targets.tier-1.secret: environment variable NO_SUCH is not set`,
      );
      writeFileSync(path, VALID.replace('policy: page', 'policy: pgae'));
      expect(() => loadEscalationFile(path, { TIER1_SECRET: 'a-secret-of-enough-length' })).toThrow(
        `${path} is not valid:\n  line 14, routes[0].policy: expected one of the policies (page, digest), got "pgae"`,
      );
    } finally {
      rmSync(folder, { recursive: true, force: true });
    }
  });
});
