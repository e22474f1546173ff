import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { uniqueName } from '../../../test/harness/isolation.js';
import { breach, TOKENS } from './fixtures.js';
import { eventually, Receiver } from './receiver.js';
import { type ServiceUnderTest, startServiceUnderTest } from './service-under-test.js';

const DAY = 86_400_000;

describe('silences with guard rails, through the ops API of a running service', () => {
  const receiver = new Receiver();
  let service: ServiceUnderTest;
  // Every breach of this standard, whatever its severity: broad (every-severity), yet it mutes only this test's breaches.
  const standard = 'guard_rail_test';
  const broad = () => ({
    matchers: { standard },
    endsAt: new Date(Date.now() + 29 * DAY).toISOString(),
    comment: 'carrier-wide system migration',
  });

  beforeAll(async () => {
    service = await startServiceUnderTest(receiver);
  });
  afterAll(async () => {
    await service?.stop();
  });

  it("refuses a responder's broad silence naming each rule it breaks, and stores nothing", async () => {
    const refused = await service.call('POST', '/api/silences', TOKENS.responder, {
      ...broad(),
      reason: 'a responder cannot approve this',
    });
    expect(refused).toEqual({
      status: 403,
      body: {
        error:
          'this silence is broad (every-severity, responder-maximum): it needs the admin role and a reason; alice is a responder',
        problems: [
          expect.stringMatching(/^every-severity: this silence matches every severity; /),
          "responder-maximum: a responder's silence lasts at most 4h; a longer one needs the admin role and a reason",
        ],
      },
    });
    const everySeverityEveryStandard = await service.call('POST', '/api/silences', TOKENS.responder, {
      matchers: { severity: 'critical', segment: 'key_account' },
      endsAt: new Date(Date.now() + 3_600_000).toISOString(),
      comment: 'key accounts',
    });
    expect(everySeverityEveryStandard.status).toBe(403);
    expect(everySeverityEveryStandard.body['problems']).toEqual([expect.stringMatching(/^every-standard: /)]);
    const listed = await service.call('GET', '/api/silences', TOKENS.viewer);
    expect(listed.body['silences']).toEqual([]);
  });

  it("refuses an admin's broad silence without a reason as an invalid request", async () => {
    const refused = await service.call('POST', '/api/silences', TOKENS.admin, broad());
    expect(refused).toEqual({
      status: 400,
      body: {
        error: 'invalid request body',
        problems: [
          'reason: a broad silence (every-severity, responder-maximum) needs a reason; say in "reason" why it must be this broad',
        ],
      },
    });
  });

  it("accepts a responder's narrow silence within the maximum", async () => {
    const created = await service.call('POST', '/api/silences', TOKENS.responder, {
      matchers: { severity: ['major', 'minor'], standard: 'delivered_on_time', route: 'remote' },
      endsAt: new Date(Date.now() + 3_600_000).toISOString(),
      comment: 'snow in Qinghai',
    });
    expect(created.status).toBe(201);
    expect(created.body).toMatchObject({
      author: 'alice',
      authorRole: 'responder',
      broad: false,
      breadth: [],
    });
  });

  it("accepts an admin's broad silence with its reason, and shows the reason on the timeline of what it suppressed", async () => {
    const reason = 'sorting system replaced nationwide tonight; breaches of this standard are expected';
    const created = await service.call('POST', '/api/silences', TOKENS.admin, { ...broad(), reason });
    expect(created.status).toBe(201);
    const id = String(created.body['id']);
    expect(created.body).toMatchObject({
      author: 'duty-manager',
      authorRole: 'admin',
      broad: true,
      breadth: ['every-severity', 'responder-maximum'],
      reason,
      active: true,
    });

    const silenced = breach(uniqueName('ST-guard'), { standard });
    const paged = breach(uniqueName('ST-paged'));
    await service.publish(silenced, paged);
    await eventually(() => expect(receiver.to('/tier-1', paged.breachId)).toHaveLength(1));
    const note = {
      id,
      author: 'duty-manager',
      broad: true,
      breadth: ['every-severity', 'responder-maximum'],
      reason,
    };
    const suppressed = await eventually(async () => {
      const line = (await service.timelineOf(silenced.breachId)).find((l) => l.what === 'suppressed');
      expect(line?.detail).toMatchObject({ step: 1, targets: ['tier-1'], silences: [note] });
      return line!;
    });
    expect(suppressed.who).toBe('escalation');
    expect(receiver.to('/tier-1', silenced.breachId)).toEqual([]);
    const detail = await service.call(
      'GET',
      `/api/breaches/${encodeURIComponent(silenced.breachId)}`,
      TOKENS.viewer,
    );
    expect(detail.body['state']).toBe('silenced');

    const listed = (await service.call('GET', '/api/silences', TOKENS.viewer)).body['silences'] as Array<
      Record<string, unknown>
    >;
    expect(listed.map((s) => [s['author'], s['broad']])).toEqual([
      ['alice', false],
      ['duty-manager', true],
    ]);
    const one = await service.call('GET', `/api/silences/${id}`, TOKENS.viewer);
    expect(one.body).toMatchObject({ broad: true, reason });
    expect((one.body['suppressed'] as Array<{ breachId: string }>).map((s) => s.breachId)).toEqual([
      silenced.breachId,
    ]);

    // Ending a silence only ever lets pages through again, so a responder may end an admin's.
    const ended = await service.call('DELETE', `/api/silences/${id}`, TOKENS.responder);
    expect(ended.body).toMatchObject({ active: false, expiredBy: 'alice', broad: true });
  });
});
