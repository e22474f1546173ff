import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { uniqueName } from '../../../test/harness/isolation.js';
import { breach, TOKENS } from './fixtures.js';
import { eventually, Receiver } from './receiver.js';
import { type ServiceUnderTest, startServiceUnderTest } from './service-under-test.js';

describe('escalation service against the real broker and Redis', () => {
  const receiver = new Receiver();
  let service: ServiceUnderTest;
  const publish: ServiceUnderTest['publish'] = (...changes) => service.publish(...changes);
  const call: ServiceUnderTest['call'] = (...args) => service.call(...args);
  const timelineOf: ServiceUnderTest['timelineOf'] = (breachId) => service.timelineOf(breachId);

  beforeAll(async () => {
    service = await startServiceUnderTest(receiver);
  });

  afterAll(async () => {
    await service?.stop();
  });

  it('pages the first step, climbs to the second when nobody acknowledges, and stops at an acknowledgement', async () => {
    const change = breach(uniqueName('ST-climb'));
    const publishedAt = Date.now();
    await publish(change);
    const first = await eventually(() => {
      const [page] = receiver.to('/tier-1', change.breachId);
      expect(page).toMatchObject({ kind: 'breach', step: 1 });
      return page!;
    });
    const second = await eventually(() => {
      const [page] = receiver.to('/tier-2', change.breachId);
      expect(page).toMatchObject({ kind: 'breach', step: 2 });
      return page!;
    });
    // Step 2 waits 1.5 s after step 1 ran, and step 1 ran after the breach was published.
    expect(second.at - publishedAt).toBeGreaterThanOrEqual(1500);
    expect(second.at).toBeGreaterThan(first.at);
    const ack = await call(
      'POST',
      `/api/breaches/${encodeURIComponent(change.breachId)}/acknowledge`,
      TOKENS.responder,
    );
    expect(ack).toEqual({ status: 200, body: { breachId: change.breachId, state: 'acknowledged' } });
    // Step 3 was due 3 s after step 2; give it that and a little more.
    await new Promise((r) => setTimeout(r, 3500));
    expect(receiver.to('/tier-3', change.breachId)).toEqual([]);
    const detail = await call('GET', `/api/breaches/${encodeURIComponent(change.breachId)}`, TOKENS.viewer);
    expect(detail.body).toMatchObject({
      state: 'acknowledged',
      acknowledgedBy: 'alice',
      notified: ['tier-1', 'tier-2'],
    });
    const whats = (detail.body['timeline'] as Array<{ what: string }>).map((e) => e.what);
    expect(whats.slice(0, 2)).toEqual(['opened', 'step']);
    expect(whats).toContain('acknowledged');
    expect(whats.filter((w) => w === 'notified')).toHaveLength(2);
  });

  it('sends resolved notices for a retraction and for a resolution from the monitor', async () => {
    const retracted = breach(uniqueName('ST-retract'));
    const resolved = breach(uniqueName('ST-resolve'));
    await publish(retracted, resolved);
    await eventually(() => {
      expect(receiver.to('/tier-1', retracted.breachId)).toHaveLength(1);
      expect(receiver.to('/tier-1', resolved.breachId)).toHaveLength(1);
    });
    await publish({ ...retracted, status: 'retracted' }, { ...resolved, status: 'resolved' });
    await eventually(() => {
      expect(receiver.to('/tier-1', retracted.breachId).map((r) => [r.kind, r.reason])).toEqual([
        ['breach', undefined],
        ['resolved', 'retracted'],
      ]);
      expect(receiver.to('/tier-1', resolved.breachId).map((r) => [r.kind, r.reason])).toEqual([
        ['breach', undefined],
        ['resolved', 'resolved'],
      ]);
    });
    // Escalation stopped: nobody further up hears of them.
    await new Promise((r) => setTimeout(r, 2000));
    expect(receiver.to('/tier-2', retracted.breachId)).toEqual([]);
    expect(receiver.to('/tier-2', resolved.breachId)).toEqual([]);
  });

  it('sends a resolved notice, attributed, when an operator resolves through the API', async () => {
    const change = breach(uniqueName('ST-api'));
    await publish(change);
    await eventually(() => expect(receiver.to('/tier-1', change.breachId)).toHaveLength(1));
    const done = await call(
      'POST',
      `/api/breaches/${encodeURIComponent(change.breachId)}/resolve`,
      TOKENS.responder,
    );
    expect(done.body).toEqual({ breachId: change.breachId, state: 'resolved' });
    await eventually(() =>
      expect(receiver.to('/tier-1', change.breachId).at(-1)).toMatchObject({ kind: 'resolved', by: 'alice' }),
    );
    const again = await call(
      'POST',
      `/api/breaches/${encodeURIComponent(change.breachId)}/acknowledge`,
      TOKENS.responder,
    );
    expect(again).toEqual({ status: 409, body: { error: 'the breach is already resolved' } });
  });

  it('suppresses notifications a silence covers and records what it suppressed', async () => {
    const waybill = uniqueName('ST-silenced');
    const endsAt = new Date(Date.now() + 60_000).toISOString();
    const created = await call('POST', '/api/silences', TOKENS.responder, {
      matchers: { waybill },
      endsAt,
      comment: 'hub outage',
    });
    expect(created.status).toBe(201);
    expect(created.body).toMatchObject({ author: 'alice', active: true, matchers: { waybill: [waybill] } });
    const change = breach(waybill);
    const other = breach(uniqueName('ST-not-silenced'));
    await publish(change, other);
    await eventually(() => expect(receiver.to('/tier-1', other.breachId)).toHaveLength(1));
    await eventually(async () => {
      const silence = await call('GET', `/api/silences/${created.body['id']}`, TOKENS.viewer);
      expect((silence.body['suppressed'] as Array<{ breachId: string }>).map((s) => s.breachId)).toContain(
        change.breachId,
      );
    });
    expect(receiver.to('/tier-1', change.breachId)).toEqual([]);
    expect(
      (await call('GET', `/api/breaches/${encodeURIComponent(change.breachId)}`, TOKENS.viewer)).body[
        'state'
      ],
    ).toBe('silenced');
    const ended = await call('DELETE', `/api/silences/${created.body['id']}`, TOKENS.responder);
    expect(ended.body).toMatchObject({ active: false, expiredBy: 'alice' });
  });

  it('notifies a replayed breach once', async () => {
    const change = breach(uniqueName('ST-replay'), { severity: 'major' });
    await publish(change, change);
    await eventually(() => expect(receiver.to('/tier-1', change.breachId)).toHaveLength(1));
    await publish(change);
    await eventually(async () => {
      const whats = (await timelineOf(change.breachId)).map((e) => e.what);
      expect(whats.filter((w) => w === 'opened')).toHaveLength(1);
    });
    await new Promise((r) => setTimeout(r, 1000));
    expect(receiver.to('/tier-1', change.breachId)).toHaveLength(1);
  });

  it('puts minor breaches into one digest per interval', async () => {
    const minors = [
      breach(uniqueName('ST-minor'), { severity: 'minor' }),
      breach(uniqueName('ST-minor'), { severity: 'minor' }),
    ];
    await publish(...minors);
    const digest = await eventually(() => {
      const found = receiver.received.find(
        (r) => r.path === '/desk' && r.breachIds.includes(minors[0]!.breachId),
      );
      expect(found).toBeDefined();
      return found!;
    }, 10_000);
    expect(digest.kind).toBe('digest');
    const all = receiver.to('/desk').flatMap((r) => r.breachIds);
    for (const m of minors) expect(all.filter((id) => id === m.breachId)).toHaveLength(1);
  });

  it('keeps a burst of 1,000 pages to a robot within 20 per 5 s and accounts for every breach in digests', async () => {
    const run = uniqueName('burst');
    const changes = Array.from({ length: 1000 }, (_, i) =>
      breach(`${run}-${i}`, { standard: 'burst_test', severity: 'major' }),
    );
    for (let i = 0; i < changes.length; i += 250) await publish(...changes.slice(i, i + 250));
    const ids = new Set(changes.map((c) => c.breachId));
    await eventually(
      () => {
        const covered = new Set(
          receiver.to('/robot').flatMap((r) => r.breachIds.filter((id) => ids.has(id))),
        );
        expect(covered.size).toBe(1000);
      },
      40_000,
      'every burst breach in a page or digest',
    );
    const requests = receiver.to('/robot').filter((r) => r.breachIds.some((id) => ids.has(id)));
    // When each request was built, just after its slot was taken: arrival times carry the
    // machine's scheduling delays (first pages go out 64 at once from the consumer).
    const times = requests.map((r) => r.sentAt).sort((a, b) => a - b);
    for (const start of times) {
      expect(times.filter((t) => t >= start && t < start + 4900).length).toBeLessThanOrEqual(20);
    }
    // Pages beyond the limit were merged: at most 20 per 5 s of the time the burst took to
    // arrive (intake of 1,000 breaches may outlast one window on a loaded machine).
    const windows = Math.ceil((times.at(-1)! - times[0]! + 1) / 5000);
    expect(requests.filter((r) => r.kind === 'breach').length).toBeLessThanOrEqual(20 * windows);
    expect(requests.filter((r) => r.kind === 'breach').length).toBeLessThan(1000);
    expect(requests.some((r) => r.kind === 'digest')).toBe(true);
  }, 60_000);

  it('retries a failing delivery, makes its failure visible, and still escalates to the next step', async () => {
    const change = breach(uniqueName('ST-failing'), { standard: 'failure_test' });
    await publish(change);
    await eventually(() => expect(receiver.to('/tier-2', change.breachId)).toHaveLength(1));
    expect(receiver.failures.filter((r) => r.breachIds.includes(change.breachId))).toHaveLength(3);
    const timeline = await timelineOf(change.breachId);
    expect(timeline.filter((e) => e.what === 'delivery-failed')).toHaveLength(1);
    const metrics = await (await fetch(`${service.api}/metrics`)).text();
    expect(metrics).toMatch(/slawatch_escalation_delivery_failures_total\{target="failing"\} [1-9]/);
    expect(metrics).toMatch(
      /slawatch_escalation_notifications_total\{channel="webhook",kind="breach",result="failed"\} [1-9]/,
    );
    expect(metrics).toMatch(/slawatch_escalation_open_breaches\{severity="critical"\} [1-9]/);
    expect(metrics).toContain('slawatch_escalation_rate_limited_merges_total{target="desk"} 0');
  });

  it('acknowledges through a signed link only after a confirming POST, and refuses a forged one', async () => {
    const change = breach(uniqueName('ST-link'));
    await publish(change);
    const page = await eventually(() => {
      const [found] = receiver.to('/tier-1', change.breachId);
      expect(found?.acknowledgeUrl).toMatch(/\/ack\/[A-Za-z0-9_-]+\?expires=\d+&signature=[0-9a-f]{64}$/);
      return found!;
    });
    const link = page.acknowledgeUrl!;
    // Opening the link (as a chat app's preview does) only leads to the console on the breach.
    const preview = await fetch(link, { redirect: 'manual' });
    expect(preview.status).toBe(303);
    expect(preview.headers.get('location')).toContain(
      `/console/#/breach/${encodeURIComponent(change.breachId)}?link=`,
    );
    expect(
      (await call('GET', `/api/breaches/${encodeURIComponent(change.breachId)}`, TOKENS.viewer)).body[
        'state'
      ],
    ).toBe('open');
    const forged = link.replace(
      /signature=([0-9a-f])/,
      (_m, c: string) => `signature=${c === '0' ? '1' : '0'}`,
    );
    expect((await fetch(forged, { method: 'POST' })).status).toBe(403);
    const confirmed = await fetch(link, {
      method: 'POST',
      headers: { 'content-type': 'application/x-www-form-urlencoded' },
      body: '',
    });
    expect(confirmed.status).toBe(200);
    const detail = await call('GET', `/api/breaches/${encodeURIComponent(change.breachId)}`, TOKENS.viewer);
    expect(detail.body).toMatchObject({ state: 'acknowledged', acknowledgedBy: 'acknowledge-link' });
  });

  it('answers 401, 403 and 400 with clear messages', async () => {
    expect(await call('GET', '/api/breaches')).toMatchObject({
      status: 401,
      body: { error: 'expected an Authorization: Bearer <token> header' },
    });
    expect(await call('GET', '/api/breaches', 'nope')).toMatchObject({
      status: 401,
      body: { error: 'unknown token' },
    });
    expect(await call('POST', '/api/breaches/x/acknowledge', TOKENS.viewer)).toMatchObject({
      status: 403,
      body: { error: 'this needs the responder role; viewer-bot is a viewer' },
    });
    const bad = await call('GET', '/api/breaches?severity=huge&limit=0', TOKENS.viewer);
    expect(bad.status).toBe(400);
    expect(bad.body['problems']).toEqual([
      expect.stringMatching(/^severity: .*got "huge"$/),
      expect.stringMatching(/^limit: .*got "0"$/),
    ]);
    expect(
      (await call('POST', '/api/silences', TOKENS.responder, { matchers: {}, endsAt: 'soon' })).status,
    ).toBe(400);
    expect(await call('GET', '/api/breaches/nothing-here', TOKENS.viewer)).toMatchObject({ status: 404 });
  });

  it('lists breaches newest first with filters and a cursor', async () => {
    const page1 = await call('GET', '/api/breaches?severity=critical&limit=2', TOKENS.viewer);
    const first = page1.body['breaches'] as Array<{
      breachId: string;
      breach: { severity: string; detectedAt: string };
    }>;
    expect(first).toHaveLength(2);
    expect(first.every((b) => b.breach.severity === 'critical')).toBe(true);
    expect(first[0]!.breach.detectedAt >= first[1]!.breach.detectedAt).toBe(true);
    const page2 = await call(
      'GET',
      `/api/breaches?severity=critical&limit=2&cursor=${encodeURIComponent(String(page1.body['nextCursor']))}`,
      TOKENS.viewer,
    );
    const second = page2.body['breaches'] as Array<{ breachId: string }>;
    expect(second.length).toBeGreaterThan(0);
    expect(second.map((b) => b.breachId)).not.toContain(first[0]!.breachId);
    expect(second.map((b) => b.breachId)).not.toContain(first[1]!.breachId);
    const acknowledged = await call('GET', '/api/breaches?status=acknowledged', TOKENS.viewer);
    expect(
      (acknowledged.body['breaches'] as Array<{ state: string }>).every((b) => b.state === 'acknowledged'),
    ).toBe(true);
  });
});
