import { LONGEST_BREACH_ID, LONGEST_BREACH_ID_PARAMETER } from '@slawatch/escalation';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { uniqueName } from '../../../test/harness/isolation.js';
import { breach, TOKENS } from './fixtures.js';
import { eventually, Receiver } from './receiver.js';
import { type ServiceUnderTest, startServiceUnderTest } from './service-under-test.js';

/** A valid id at every length limit: a 64-character waybill, a 100-character standard, 16 digits. */
function longestBreach() {
  const waybill = uniqueName('L').padStart(64, 'W');
  const standard = `s${'_long_standard_name'.repeat(6)}`.slice(0, 100);
  const occurrence = Number.MAX_SAFE_INTEGER;
  return breach(waybill, {
    standard,
    level: 'critical',
    breachId: `${waybill}:${standard}:critical:${occurrence}`,
  });
}

describe('ids of every valid length against the real broker and Redis', () => {
  const receiver = new Receiver();
  let service: ServiceUnderTest;

  beforeAll(async () => {
    service = await startServiceUnderTest(receiver);
  });

  afterAll(async () => {
    await service?.stop();
  });

  it("a 64-character waybill's acknowledge link works", async () => {
    const change = longestBreach();
    expect(change.breachId).toHaveLength(LONGEST_BREACH_ID);
    await service.publish(change);
    const page = await eventually(() => {
      const [found] = receiver.to('/tier-1', change.breachId);
      expect(found?.acknowledgeUrl).toMatch(/\/ack\/[A-Za-z0-9_-]+\?expires=\d+&signature=[0-9a-f]{64}$/);
      return found!;
    });
    const link = page.acknowledgeUrl!;
    // Longer than fastify's default of 100: without the service's own limit this is a 414.
    expect(new URL(link).pathname.length - '/ack/'.length).toBeGreaterThan(100);

    const preview = await fetch(link, { redirect: 'manual' });
    expect(preview.status).toBe(303);
    expect(preview.headers.get('location')).toContain(
      `/console/#/breach/${encodeURIComponent(change.breachId)}`,
    );
    const confirmed = await fetch(link, {
      method: 'POST',
      headers: { 'content-type': 'application/x-www-form-urlencoded' },
      body: '',
    });
    expect(confirmed.status).toBe(200);
    expect(await confirmed.text()).toContain('Acknowledged');

    const detail = await service.call(
      'GET',
      `/api/breaches/${encodeURIComponent(change.breachId)}`,
      TOKENS.viewer,
    );
    expect(detail.status).toBe(200);
    expect(detail.body).toMatchObject({
      breachId: change.breachId,
      state: 'acknowledged',
      acknowledgedBy: 'acknowledge-link',
    });
    expect(detail.body['timeline']).toContainEqual(
      expect.objectContaining({ what: 'acknowledged', who: 'acknowledge-link' }),
    );
  });

  it('answers the breach routes for the longest valid id, and 414 only beyond it', async () => {
    const change = longestBreach();
    await service.publish(change);
    await eventually(() => expect(receiver.to('/tier-1', change.breachId)).toHaveLength(1));
    const path = `/api/breaches/${encodeURIComponent(change.breachId)}`;

    const shown = await service.call('GET', path, TOKENS.viewer);
    expect(shown).toMatchObject({ status: 200, body: { breachId: change.breachId, state: 'open' } });
    expect(await service.call('POST', `${path}/acknowledge`, TOKENS.responder)).toEqual({
      status: 200,
      body: { breachId: change.breachId, state: 'acknowledged' },
    });
    expect(await service.call('POST', `${path}/resolve`, TOKENS.responder)).toEqual({
      status: 200,
      body: { breachId: change.breachId, state: 'resolved' },
    });
    await eventually(() =>
      expect(receiver.to('/tier-1', change.breachId).at(-1)).toMatchObject({ kind: 'resolved', by: 'alice' }),
    );

    // An unknown id of the longest valid length is a plain 404; the limit is a bound, not a guess.
    const unknown = `${change.breachId.slice(0, -1)}0`;
    expect(
      (await service.call('GET', `/api/breaches/${encodeURIComponent(unknown)}`, TOKENS.viewer)).status,
    ).toBe(404);
    const tooLong = 'x'.repeat(LONGEST_BREACH_ID_PARAMETER + 1);
    expect((await service.call('GET', `/api/breaches/${tooLong}`, TOKENS.viewer)).status).toBe(414);
  });
});
