import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { uniqueName } from '../../../test/harness/isolation.js';
import { hubBreach, TOKENS } from './fixtures.js';
import { eventually, Receiver } from './receiver.js';
import { type ServiceUnderTest, startServiceUnderTest } from './service-under-test.js';

// The grouped policy of fixtures.ts: by standard and facility, wait 1.5 s,
// interval 2.5 s; tier-1 at once, tier-2 4 s later if nobody acknowledges.
const WAIT_MS = 1500;
const INTERVAL_MS = 2500;
const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));

describe('incidents: breaches grouped by cause, against the real broker and Redis', () => {
  const receiver = new Receiver();
  let service: ServiceUnderTest;
  const call: ServiceUnderTest['call'] = (...args) => service.call(...args);

  beforeAll(async () => {
    service = await startServiceUnderTest(receiver);
  });

  afterAll(async () => {
    await service?.stop();
  });

  const incidentsAt = async (hub: string) => {
    const answer = await call('GET', `/api/incidents?facility=${hub}`, TOKENS.viewer);
    expect(answer.status).toBe(200);
    return answer.body['incidents'] as Array<Record<string, unknown>>;
  };
  const oneIncidentAt = async (hub: string) =>
    eventually(async () => {
      const [incident] = await incidentsAt(hub);
      expect(incident).toBeDefined();
      return incident!;
    });

  it('groups 30 breaches at one hub into one incident and pages it once, after the wait, with ten examples', async () => {
    const hub = uniqueName('HUBA');
    const other = uniqueName('HUBB');
    const outage = Array.from({ length: 30 }, (_, i) => hubBreach(uniqueName(`WA${i}`), hub));
    const unrelated = hubBreach(uniqueName('WB'), other);
    const publishedAt = Date.now();
    await service.publish(...outage, unrelated);
    const incident = await oneIncidentAt(hub);
    const id = String(incident['incidentId']);
    const page = await eventually(() => {
      const [first] = receiver.aboutIncident('/tier-1', id);
      expect(first?.incident?.counts.open).toBe(30);
      return first!;
    });
    expect(page.at - publishedAt).toBeGreaterThanOrEqual(WAIT_MS);
    expect(page).toMatchObject({ kind: 'incident', message: 'page', step: 1 });
    expect(page.incident?.examples).toHaveLength(10);
    expect(page.incident?.labels).toEqual({ standard: 'grouped_test', facility: `hub:${hub}` });
    expect(page.incident?.bySegment).toEqual({ ecommerce: 30 });
    expect(page.title).toContain(`hub ${hub}: 30 parcels without a scan for 6 h`);
    // The other hub's breach is its own incident, paged on its own.
    const otherIncident = await oneIncidentAt(other);
    await eventually(() =>
      expect(receiver.aboutIncident('/tier-1', String(otherIncident['incidentId']))).toHaveLength(1),
    );
    // One page for thirty breaches: no page per breach.
    expect(receiver.received.filter((r) => outage.some((b) => r.breachIds.includes(b.breachId)))).toEqual([]);
    expect(receiver.aboutIncident('/tier-1', id)).toHaveLength(1);

    // Kafka delivers at least once: a replayed change is not a new member.
    await service.publish(outage[0]!, outage[1]!);
    await sleep(1000);

    // Every member is reachable through the API, a page at a time, and knows its incident.
    const seen: string[] = [];
    let cursor: string | undefined;
    do {
      const answer = await call(
        'GET',
        `/api/incidents/${id}?limit=12${cursor ? `&cursor=${cursor}` : ''}`,
        TOKENS.viewer,
      );
      expect(answer.status).toBe(200);
      expect(answer.body['total']).toBe(30);
      seen.push(...(answer.body['members'] as Array<{ breachId: string }>).map((m) => m.breachId));
      cursor = answer.body['nextCursor'] as string | undefined;
    } while (cursor);
    expect(seen.sort()).toEqual(outage.map((b) => b.breachId).sort());
    const member = await call(
      'GET',
      `/api/breaches/${encodeURIComponent(outage[0]!.breachId)}`,
      TOKENS.viewer,
    );
    expect(member.body['timeline']).toContainEqual(
      expect.objectContaining({ what: 'grouped', detail: { incident: id } }),
    );
  });

  it("keeps a chat robot's message within its size limit for an incident of hundreds of long waybills", async () => {
    const hub = uniqueName('HUBW');
    // 64-character waybills, the longest the contract allows: the list is what could overflow.
    const outage = Array.from({ length: 300 }, (_, i) =>
      hubBreach(uniqueName(`W${i}x`).padEnd(64, 'X'), hub, { standard: 'wecom_size_test' }),
    );
    await service.publish(...outage);
    const [page] = await eventually(() => {
      const messages = receiver.robotMessages.filter((m) => m.body.includes(hub));
      expect(messages).toHaveLength(1);
      return messages;
    });
    const content = (JSON.parse(page!.body) as { markdown: { content: string } }).markdown.content;
    // WeCom refuses markdown content over 4,096 bytes of UTF-8.
    expect(Buffer.byteLength(content, 'utf8')).toBeLessThanOrEqual(4096);
    expect(content).toContain('300');
    const listed = outage.filter((b) => content.includes(b.waybill));
    expect(listed.length).toBeGreaterThan(0);
    expect(listed.length).toBeLessThanOrEqual(10);
    // One message for the incident, none per breach.
    await sleep(1000);
    expect(receiver.robotMessages.filter((m) => m.body.includes(hub))).toHaveLength(1);
  });

  it('never pages a breach retracted within the wait, and resolves its incident quietly', async () => {
    const hub = uniqueName('HUBF');
    const flap = hubBreach(uniqueName('WF'), hub);
    await service.publish(flap);
    const incident = await oneIncidentAt(hub);
    await service.publish({ ...flap, status: 'retracted' });
    await eventually(async () => expect((await incidentsAt(hub))[0]?.['state']).toBe('resolved'));
    await sleep(WAIT_MS + 1500);
    expect(receiver.received.filter((r) => r.incidentId === incident['incidentId'])).toEqual([]);
    const [after] = await incidentsAt(hub);
    expect(after).toMatchObject({ state: 'resolved', paged: false, counts: { members: 1, open: 0 } });
  });

  it('sends at most one update per interval while members keep joining', async () => {
    const hub = uniqueName('HUBU');
    await service.publish(hubBreach(uniqueName('WU'), hub));
    const id = String((await oneIncidentAt(hub))['incidentId']);
    await eventually(() => expect(receiver.aboutIncident('/tier-1', id)).toHaveLength(1));
    await call('POST', `/api/incidents/${id}/acknowledge`, TOKENS.responder);
    // A new member every 250 ms for 3 intervals.
    const started = Date.now();
    for (let i = 0; Date.now() - started < 3 * INTERVAL_MS; i++) {
      await service.publish(hubBreach(uniqueName(`WU${i}`), hub));
      await sleep(250);
    }
    await sleep(INTERVAL_MS + 1000);
    const updates = receiver.aboutIncident('/tier-1', id).filter((r) => r.message === 'update');
    const elapsed = Date.now() - started;
    expect(updates.length).toBeGreaterThanOrEqual(2);
    expect(updates.length).toBeLessThanOrEqual(Math.ceil(elapsed / INTERVAL_MS) + 1);
    for (let i = 1; i < updates.length; i++)
      expect(updates[i]!.at - updates[i - 1]!.at).toBeGreaterThan(INTERVAL_MS - 500);
    // Every member that joined is counted in exactly one message.
    const counted = receiver
      .aboutIncident('/tier-1', id)
      .reduce((sum, r) => sum + (r.incident?.counts.new ?? 0), 0);
    const total = (await call('GET', `/api/incidents/${id}`, TOKENS.viewer)).body['total'];
    expect(counted).toBe(total);
  });

  it('acknowledging the incident acknowledges its members, those joining later included, and stops its escalation', async () => {
    const hub = uniqueName('HUBK');
    const first = hubBreach(uniqueName('WK'), hub);
    await service.publish(first);
    const id = String((await oneIncidentAt(hub))['incidentId']);
    await eventually(() => expect(receiver.aboutIncident('/tier-1', id)).toHaveLength(1));
    const ack = await call('POST', `/api/incidents/${id}/acknowledge`, TOKENS.responder);
    expect(ack).toEqual({ status: 200, body: { incidentId: id, state: 'acknowledged', members: 1 } });
    const late = hubBreach(uniqueName('WK-late'), hub);
    await service.publish(late);
    await eventually(async () => {
      const record = await call('GET', `/api/breaches/${encodeURIComponent(late.breachId)}`, TOKENS.viewer);
      expect(record.body).toMatchObject({ state: 'acknowledged', acknowledgedBy: 'alice' });
    });
    const firstRecord = await call(
      'GET',
      `/api/breaches/${encodeURIComponent(first.breachId)}`,
      TOKENS.viewer,
    );
    expect(firstRecord.body['state']).toBe('acknowledged');
    // Tier 2 was due 4 s after the first page: acknowledged, it never comes.
    await sleep(4500);
    expect(receiver.aboutIncident('/tier-2', id)).toEqual([]);
    expect((await call('GET', `/api/incidents/${id}`, TOKENS.viewer)).body['counts']).toEqual({
      members: 2,
      open: 2,
    });
  });

  it('sends one resolved notice when the last member resolves, and a new incident for the next breach', async () => {
    const hub = uniqueName('HUBR');
    const members = [hubBreach(uniqueName('WR1'), hub), hubBreach(uniqueName('WR2'), hub)];
    await service.publish(...members);
    const id = String((await oneIncidentAt(hub))['incidentId']);
    await eventually(() => expect(receiver.aboutIncident('/tier-1', id)).toHaveLength(1));
    await service.publish({ ...members[0]!, status: 'resolved' });
    await sleep(500);
    expect(receiver.aboutIncident('/tier-1', id).filter((r) => r.message === 'resolved')).toEqual([]);
    await service.publish({ ...members[1]!, status: 'resolved' }, { ...members[1]!, status: 'resolved' });
    await eventually(() =>
      expect(receiver.aboutIncident('/tier-1', id).filter((r) => r.message === 'resolved')).toHaveLength(1),
    );
    await sleep(INTERVAL_MS + 500);
    const resolved = receiver.aboutIncident('/tier-1', id).filter((r) => r.message === 'resolved');
    expect(resolved).toHaveLength(1);
    expect(resolved[0]?.incident?.counts.open).toBe(0);
    const next = hubBreach(uniqueName('WR3'), hub);
    await service.publish(next);
    await eventually(async () => expect(await incidentsAt(hub)).toHaveLength(2));
    expect((await incidentsAt(hub)).map((i) => i['state'])).toEqual(['open', 'resolved']);
  });

  it('keeps the existing roles on incident endpoints', async () => {
    const hub = uniqueName('HUBP');
    await service.publish(hubBreach(uniqueName('WP'), hub));
    const id = String((await oneIncidentAt(hub))['incidentId']);
    expect((await call('GET', '/api/incidents')).status).toBe(401);
    expect((await call('GET', '/api/incidents', 'not-a-token')).status).toBe(401);
    expect((await call('GET', `/api/incidents/${id}`, TOKENS.viewer)).status).toBe(200);
    expect((await call('POST', `/api/incidents/${id}/acknowledge`, TOKENS.viewer)).status).toBe(403);
    expect((await call('POST', `/api/incidents/${id}/resolve`, TOKENS.viewer)).status).toBe(403);
    expect((await call('GET', '/api/incidents?status=sleeping', TOKENS.viewer)).status).toBe(400);
    expect((await call('GET', '/api/incidents/not-an-incident', TOKENS.viewer)).status).toBe(404);
    const resolved = await call('POST', `/api/incidents/${id}/resolve`, TOKENS.admin);
    expect(resolved.body).toMatchObject({ state: 'resolved', members: 1 });
    expect((await call('POST', `/api/incidents/${id}/acknowledge`, TOKENS.responder)).status).toBe(409);
  });

  it("holds back a silenced incident's pages and updates until the silence ends, with the roles of silences", async () => {
    const hub = uniqueName('HUBS');
    await service.publish(hubBreach(uniqueName('WS'), hub));
    const id = String((await oneIncidentAt(hub))['incidentId']);
    const in2h = new Date(Date.now() + 2 * 3_600_000).toISOString();
    const in6s = new Date(Date.now() + 6000).toISOString();
    const path = `/api/incidents/${id}/silence`;
    expect((await call('POST', path, TOKENS.viewer, { endsAt: in6s, comment: 'x' })).status).toBe(403);
    expect((await call('POST', path, TOKENS.responder, { endsAt: in6s })).status).toBe(400);
    const tooLong = new Date(Date.now() + 5 * 3_600_000).toISOString();
    expect((await call('POST', path, TOKENS.responder, { endsAt: tooLong, comment: 'storm' })).status).toBe(
      403,
    );
    expect((await call('POST', path, TOKENS.admin, { endsAt: in2h, comment: 'storm' })).status).toBe(201);
    // Step 1 falls due 1.5 s after the incident opened, step 2 4 s later: silence the first only.
    const in3s = new Date(Date.now() + 3000).toISOString();
    const silenced = await call('POST', path, TOKENS.responder, {
      endsAt: in3s,
      comment: 'hub crew on site',
    });
    expect(silenced).toEqual({ status: 201, body: { incidentId: id, silencedUntil: expect.any(String) } });
    // The first page fell due within the silence: held back, recorded.
    await sleep(2500);
    expect(receiver.aboutIncident('/tier-1', id)).toEqual([]);
    const detail = await call('GET', `/api/incidents/${id}`, TOKENS.viewer);
    expect(detail.body).toMatchObject({ silencedBy: 'alice', silenceComment: 'hub crew on site' });
    expect(
      (detail.body['timeline'] as Array<{ what: string }>).map((l) => l.what),
      JSON.stringify(detail.body['timeline']),
    ).toContain('suppressed');
    // Tier 2 falls due 4 s after the first step, after the silence: it pages.
    await eventually(async () => {
      const lines = (await call('GET', `/api/incidents/${id}`, TOKENS.viewer)).body['timeline'];
      expect(receiver.aboutIncident('/tier-2', id), JSON.stringify(lines)).toHaveLength(1);
    }, 10_000);
  });

  it('acknowledges an incident through its signed link', async () => {
    const hub = uniqueName('HUBL');
    await service.publish(hubBreach(uniqueName('WL'), hub));
    const id = String((await oneIncidentAt(hub))['incidentId']);
    const page = await eventually(() => {
      const [first] = receiver.aboutIncident('/tier-1', id);
      expect(first?.url).toContain(`/ack/incident/${id}?`);
      return first!;
    });
    const preview = await fetch(page.url!);
    expect(preview.status).toBe(200);
    expect((await oneIncidentAt(hub))['state']).toBe('open');
    const forgedUrl = page.url!.replace(
      /signature=([0-9a-f])/,
      (_, c) => `signature=${c === '0' ? '1' : '0'}`,
    );
    const forged = await fetch(forgedUrl, { method: 'POST' });
    expect(forged.status).toBe(403);
    const confirmed = await fetch(page.url!, { method: 'POST' });
    expect(confirmed.status).toBe(200);
    expect(await oneIncidentAt(hub)).toMatchObject({
      state: 'acknowledged',
      acknowledgedBy: 'acknowledge-link',
    });
  });
});
