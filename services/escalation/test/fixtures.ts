import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { type BreachChange, sampleBreachChange } from '@slawatch/contract';
import { hashToken } from '@slawatch/escalation';

export const TOKENS = {
  viewer: 'viewer-token-123',
  responder: 'responder-token-456',
  admin: 'admin-token-789',
};

/** The escalation file of the integration tests: waits of about a second, a robot limited to 20 per 5 s. */
export function writeTestConfig(receiverUrl: string): { escalationFile: string; tokensFile: string } {
  const folder = mkdtempSync(join(tmpdir(), 'slawatch-escalation-'));
  const escalationFile = join(folder, 'escalation.yaml');
  const secret = 'integration-secret-0123456789';
  writeFileSync(
    escalationFile,
    `
targets:
  tier-1: { type: webhook, url: ${receiverUrl}/tier-1, secret: ${secret} }
  tier-2: { type: webhook, url: ${receiverUrl}/tier-2, secret: ${secret} }
  tier-3: { type: webhook, url: ${receiverUrl}/tier-3, secret: ${secret} }
  slow: { type: webhook, url: ${receiverUrl}/slow, secret: ${secret} }
  robot: { type: webhook, url: ${receiverUrl}/robot, secret: ${secret}, rateLimit: { messages: 20, per: 5s } }
  failing: { type: webhook, url: ${receiverUrl}/failing, secret: ${secret} }
  desk: { type: webhook, url: ${receiverUrl}/desk, secret: ${secret} }
  hub-ops: { type: webhook, url: ${receiverUrl}/hub-ops, secret: ${secret} }
  wecom-robot: { type: wecom, url: '${receiverUrl}/wecom?key=integration' }
policies:
  critical:
    kind: escalate
    steps:
      - { notify: [tier-1], wait: 1500ms }
      - { notify: [tier-2], wait: 3s }
      - { notify: [tier-3] }
  crash: { kind: escalate, steps: [{ notify: [slow] }] }
  burst: { kind: escalate, steps: [{ notify: [robot] }] }
  failover:
    kind: escalate
    steps:
      - { notify: [failing], wait: 1500ms }
      - { notify: [tier-2] }
  minor: { kind: digest, every: 2s, notify: [desk] }
  grouped:
    kind: escalate
    steps:
      - { notify: [tier-1], wait: 4s }
      - { notify: [tier-2] }
    group: { by: [standard, facility], wait: 1500ms, interval: 2500ms }
  alone: { kind: escalate, steps: [{ notify: [tier-1], wait: 2s }, { notify: [tier-2] }] }
  hub-ops: { kind: escalate, steps: [{ notify: [hub-ops] }] }
  wecom-grouped:
    kind: escalate
    steps: [{ notify: [wecom-robot] }]
    group: { by: [standard, facility], wait: 1500ms, interval: 30s }
routes:
  - { match: { standard: wecom_size_test }, policy: wecom-grouped }
  - { match: { standard: grouped_test }, policy: grouped }
  - { match: { standard: grouped_alone_test }, policy: grouped, group: none }
  - { match: { standard: inhibit_test }, policy: alone }
  - { match: { standard: inhibit_grouped_test }, policy: grouped }
  - { match: { standard: crash_test }, policy: crash }
  - { match: { standard: burst_test }, policy: burst }
  - { match: { standard: failure_test }, policy: failover }
  - { match: { severity: [critical, major] }, policy: critical }
defaultPolicy: minor
delivery: { attempts: 3, retryBackoff: 200ms, timeout: 10s }
# Only the inhibition tests' standards count: the other tests' hubs never reach a threshold.
inhibit:
  - name: hub-outage
    by: facility
    keys: ['hub:*']
    match: { standard: [inhibit_test, inhibit_grouped_test] }
    except: { segment: key_account }
    threshold: { count: 3 }
    severity: critical
    policy: hub-ops
    wait: 1s
    interval: 2500ms
`,
  );
  const tokensFile = join(folder, 'tokens.yaml');
  writeFileSync(
    tokensFile,
    `tokens:
  - { owner: viewer-bot, role: viewer, sha256: ${hashToken(TOKENS.viewer)} }
  - { owner: alice, role: responder, sha256: ${hashToken(TOKENS.responder)} }
  - { owner: duty-manager, role: admin, sha256: ${hashToken(TOKENS.admin)} }
`,
  );
  return { escalationFile, tokensFile };
}

/** The contract's sample breach change, for another waybill, detected now. */
export function breach(waybill: string, overrides: Partial<BreachChange> = {}): BreachChange {
  const standard = overrides.standard ?? 'delivered_on_time';
  const level = overrides.level ?? 'breach';
  return sampleBreachChange({
    breachId: `${waybill}:${standard}:${level}:1`,
    waybill,
    titleZh: undefined,
    severity: 'critical',
    dueAt: null,
    detectedAt: new Date().toISOString(),
    standardsVersion: 'test-1',
    ...overrides,
  });
}

/** A breach of the grouped policy's standard (or `overrides.standard`), last seen at hub `hub`. */
export function hubBreach(waybill: string, hub: string, overrides: Partial<BreachChange> = {}): BreachChange {
  const standard = overrides.standard ?? 'grouped_test';
  return breach(waybill, {
    standard,
    breachId: `${waybill}:${standard}:breach:1`,
    cause: {
      lastSeen: { kind: 'hub', id: hub, at: new Date(Date.now() - 6 * 3_600_000).toISOString() },
      originCity: 'Hangzhou',
      destinationCity: 'Beijing',
      lane: 'Hangzhou→Beijing',
      customerId: 'C-1',
    },
    ...overrides,
  });
}
