import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { uniqueName } from '../../../test/harness/isolation.js';
import { hubBreach, TOKENS } from './fixtures.js';
import { eventually, Receiver } from './receiver.js';
import { type ServiceUnderTest, startServiceUnderTest } from './service-under-test.js';

// The inhibit rule of fixtures.ts: breaches of inhibit_test and inhibit_grouped_test count per
// hub; the third open one opens the hub's facility incident (critical, policy hub-ops: the
// /hub-ops target, wait 1 s, interval 2.5 s); key accounts count but still page alone.
// inhibit_test pages each breach alone at /tier-1, then /tier-2 2 s later; inhibit_grouped_test
// groups by standard and facility (wait 1.5 s) and pages /tier-1.
const STANDARD = 'inhibit_test';
const GROUPED = 'inhibit_grouped_test';
const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));

describe('topology inhibition: a hub past its threshold is one facility incident, against the real broker and Redis', () => {
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
  const facilityIncidentAt = async (hub: string) =>
    eventually(async () => {
      const found = (await incidentsAt(hub)).find((i) => i['inhibition'] !== undefined);
      expect(found).toBeDefined();
      return found!;
    });
  const pagesOf = (breachId: string) => receiver.received.filter((r) => r.breachIds.includes(breachId));
  const detail = async (incidentId: string) => {
    const answer = await call('GET', `/api/incidents/${incidentId}?limit=100`, TOKENS.viewer);
    expect(answer.status).toBe(200);
    return answer.body;
  };

  it('inhibition threshold: pages alone below it; past it one facility incident page, member pages suppressed but listed; one resolved notice', async () => {
    const hub = uniqueName('HUBI');
    const before = [hubBreach(uniqueName('WI1'), hub, { standard: STANDARD })];
    before.push(hubBreach(uniqueName('WI2'), hub, { standard: STANDARD }));
    // Below the threshold (2 of 3): each breach pages on its own, at once, and no incident opens.
    await service.publish(...before);
    for (const b of before)
      await eventually(() => expect(receiver.to('/tier-1', b.breachId)).toHaveLength(1));
    expect(await incidentsAt(hub)).toEqual([]);

    // The third breach reaches the threshold: it and every later one join the hub's facility incident.
    const outage = Array.from({ length: 4 }, (_, i) =>
      hubBreach(uniqueName(`WI-out${i}`), hub, { standard: STANDARD }),
    );
    const keyAccount = hubBreach(uniqueName('WI-key'), hub, { standard: STANDARD, segment: 'key_account' });
    await service.publish(...outage, keyAccount);
    const incident = await facilityIncidentAt(hub);
    const id = String(incident['incidentId']);
    expect(incident).toMatchObject({
      severity: 'critical',
      policy: 'hub-ops',
      labels: { facility: `hub:${hub}` },
      inhibition: { rule: 'hub-outage', by: 'facility', key: `hub:${hub}`, threshold: { count: 3 } },
    });
    const page = await eventually(() => {
      const [first] = receiver.aboutIncident('/hub-ops', id);
      expect(first).toBeDefined();
      return first!;
    });
    expect(page).toMatchObject({ kind: 'incident', message: 'page', step: 1 });
    expect(page.incident?.counts).toMatchObject({ open: 4, members: 4 });
    expect(page.title).toContain(`hub ${hub}: 4 parcels`);
    // The key account counts but is spared: it pages alone, like the breaches before the threshold.
    await eventually(() => expect(receiver.to('/tier-1', keyAccount.breachId)).toHaveLength(1));

    // Kafka delivers at least once: a replay neither adds a member nor pages anyone.
    await service.publish(outage[0]!, before[0]!);
    await sleep(1500);
    expect(receiver.aboutIncident('/hub-ops', id)).toHaveLength(1);
    for (const b of outage) expect(pagesOf(b.breachId)).toEqual([]);
    expect(receiver.to('/tier-1', before[0]!.breachId)).toHaveLength(1);

    // Suppressed members are recorded and visible: listed on the incident and on their timelines.
    const body = await detail(id);
    expect(body['counts']).toEqual({ members: 4, open: 4, suppressed: 4 });
    expect(body['notified']).toEqual(['hub-ops']);
    const members = body['members'] as Array<{ breachId: string; suppressed: boolean; open: boolean }>;
    expect(members.map((m) => m.breachId).sort()).toEqual(outage.map((b) => b.breachId).sort());
    expect(members.every((m) => m.suppressed && m.open)).toBe(true);
    expect(await service.timelineOf(outage[1]!.breachId)).toContainEqual(
      expect.objectContaining({
        what: 'inhibited',
        detail: { incident: id, rule: 'hub-outage', facility: `hub:${hub}` },
      }),
    );
    // The breaches paged alone before the crossing: their next step (tier-2, 2 s later) is held
    // back while the facility incident is open; the spared key account's is not.
    await eventually(async () =>
      expect(await service.timelineOf(before[0]!.breachId)).toContainEqual(
        expect.objectContaining({
          what: 'suppressed',
          detail: expect.objectContaining({ step: 2, inhibitedBy: id, rule: 'hub-outage' }),
        }),
      ),
    );
    await eventually(() => expect(receiver.to('/tier-2', keyAccount.breachId)).toHaveLength(1));
    for (const b of before) expect(receiver.to('/tier-2', b.breachId)).toEqual([]);
    const metrics = await (await fetch(`${service.api}/metrics`)).text();
    const inhibited = /slawatch_escalation_suppressed_pages_total\{reason="inhibited"\} (\d+)/.exec(metrics);
    expect(Number(inhibited?.[1])).toBeGreaterThanOrEqual(4);

    // The hub recovers: members resolve one by one; the last one sends one resolved notice.
    await service.publish(...outage.slice(0, 3).map((b) => ({ ...b, status: 'resolved' as const })));
    await sleep(1000);
    expect(receiver.aboutIncident('/hub-ops', id).filter((r) => r.message === 'resolved')).toEqual([]);
    const last = { ...outage[3]!, status: 'resolved' as const };
    await service.publish(
      last,
      last,
      ...[...before, keyAccount].map((b) => ({ ...b, status: 'resolved' as const })),
    );
    await eventually(() =>
      expect(receiver.aboutIncident('/hub-ops', id).filter((r) => r.message === 'resolved')).toHaveLength(1),
    );
    await sleep(3000);
    const messages = receiver.aboutIncident('/hub-ops', id);
    expect(messages.filter((r) => r.message === 'resolved')).toHaveLength(1);
    expect(messages.filter((r) => r.message === 'page')).toHaveLength(1);
    expect((await detail(id))['state']).toBe('resolved');

    // Every breach ended, so none counts any more: the next one at the hub pages alone again.
    const next = hubBreach(uniqueName('WI-next'), hub, { standard: STANDARD });
    await service.publish(next);
    await eventually(() => expect(receiver.to('/tier-1', next.breachId)).toHaveLength(1));
    expect((await incidentsAt(hub)).filter((i) => i['state'] !== 'resolved')).toEqual([]);
  });

  it("holds back an incident that gathered before the threshold while the hub's facility incident explains it", async () => {
    const hub = uniqueName('HUBG');
    const early = [
      hubBreach(uniqueName('WG1'), hub, { standard: GROUPED }),
      hubBreach(uniqueName('WG2'), hub, { standard: GROUPED }),
    ];
    await service.publish(...early);
    const ordinary = await eventually(async () => {
      const [found] = await incidentsAt(hub);
      expect(found?.['counts']).toMatchObject({ members: 2 });
      return found!;
    });
    const ordinaryId = String(ordinary['incidentId']);
    expect(ordinary['inhibition']).toBeUndefined();
    // Within the ordinary incident's 1.5 s wait the third breach crosses the threshold.
    const crossing = hubBreach(uniqueName('WG3'), hub, { standard: GROUPED });
    await service.publish(crossing);
    const facility = await facilityIncidentAt(hub);
    const facilityId = String(facility['incidentId']);
    await eventually(() => expect(receiver.aboutIncident('/hub-ops', facilityId)).toHaveLength(1));
    // The ordinary incident's first step fell due while the facility incident was open: held back, recorded.
    await eventually(async () =>
      expect((await detail(ordinaryId))['timeline']).toContainEqual(
        expect.objectContaining({
          what: 'suppressed',
          detail: expect.objectContaining({ inhibitedBy: facilityId, rule: 'hub-outage' }),
        }),
      ),
    );
    expect(receiver.aboutIncident('/tier-1', ordinaryId)).toEqual([]);
    // Each breach is a member of exactly one incident.
    const ordinaryMembers = ((await detail(ordinaryId))['members'] as Array<{ breachId: string }>).map(
      (m) => m.breachId,
    );
    const facilityMembers = ((await detail(facilityId))['members'] as Array<{ breachId: string }>).map(
      (m) => m.breachId,
    );
    expect(ordinaryMembers.sort()).toEqual(early.map((b) => b.breachId).sort());
    expect(facilityMembers).toEqual([crossing.breachId]);
  });

  it('acknowledging the facility incident acknowledges later members; resolving it resolves them and stops their count', async () => {
    const hub = uniqueName('HUBK');
    const outage = Array.from({ length: 3 }, (_, i) =>
      hubBreach(uniqueName(`WK${i}`), hub, { standard: STANDARD }),
    );
    // The first two page alone; then the third crosses the threshold.
    await service.publish(outage[0]!, outage[1]!);
    for (const b of outage.slice(0, 2))
      await eventually(() => expect(receiver.to('/tier-1', b.breachId)).toHaveLength(1));
    await service.publish(outage[2]!);
    const id = String((await facilityIncidentAt(hub))['incidentId']);
    await eventually(() => expect(receiver.aboutIncident('/hub-ops', id)).toHaveLength(1));
    const ack = await call('POST', `/api/incidents/${id}/acknowledge`, TOKENS.responder);
    expect(ack).toEqual({ status: 200, body: { incidentId: id, state: 'acknowledged', members: 1 } });
    const late = hubBreach(uniqueName('WK-late'), hub, { standard: STANDARD });
    await service.publish(late);
    await eventually(async () => {
      const record = await call('GET', `/api/breaches/${encodeURIComponent(late.breachId)}`, TOKENS.viewer);
      expect(record.body).toMatchObject({ state: 'acknowledged', acknowledgedBy: 'alice', incident: id });
    });
    expect(pagesOf(late.breachId)).toEqual([]);

    const resolved = await call('POST', `/api/incidents/${id}/resolve`, TOKENS.responder);
    expect(resolved.body).toMatchObject({ state: 'resolved', members: 2 });
    await eventually(() =>
      expect(receiver.aboutIncident('/hub-ops', id).filter((r) => r.message === 'resolved')).toHaveLength(1),
    );
    // The two breaches paged alone still count (2 of 3): the next one crosses again and opens a new facility incident.
    const next = hubBreach(uniqueName('WK-next'), hub, { standard: STANDARD });
    await service.publish(next);
    const again = await eventually(async () => {
      const open = (await incidentsAt(hub)).filter((i) => i['state'] === 'open');
      expect(open).toHaveLength(1);
      return open[0]!;
    });
    expect(again['incidentId']).not.toBe(id);
    expect(again['counts']).toEqual({ members: 1, open: 1, suppressed: 1 });
    expect(pagesOf(next.breachId)).toEqual([]);
  });
});
