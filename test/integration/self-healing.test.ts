import { afterAll, describe, expect, it } from 'vitest';
import { TOKENS, writeTestConfig } from '../../services/escalation/test/fixtures.js';
import { Receiver } from '../../services/escalation/test/receiver.js';
import { E2E_STANDARDS, measuredByProduct, publishAll, sleep } from '../../services/monitor/test/support.js';
import { testKafka, uniqueName } from '../harness/isolation.js';
import { eventually } from '../harness/metrics.js';
import { type PrivateServer, privateKafka, privateRedis } from '../harness/private-server.js';
import { type ServiceProcess, startService } from '../harness/service-process.js';
import { isolatedMonitorEnvironment } from '../harness/topics.js';

/*
 * Outages an operator meets: Redis away for longer than the Kafka session
 * timeout (10 s), and a broker that does not come back. The services must
 * come back by themselves from the first, say "not ready" while they cannot
 * work, and exit non-zero for their supervisor from the second.
 */

const SESSION_TIMEOUT_MS = 10_000;
const kafka = testKafka();
const servers: PrivateServer[] = [];
const services: ServiceProcess[] = [];
const receiver = new Receiver();
afterAll(async () => {
  await Promise.allSettled(services.map((service) => service.kill()));
  await Promise.allSettled(servers.map((server) => server.remove()));
  await receiver.stop();
});

async function readiness(service: ServiceProcess): Promise<{ status: number; body: string }> {
  const response = await fetch(`${service.url}/readyz`, { signal: AbortSignal.timeout(3000) });
  return { status: response.status, body: await response.text() };
}

/** An individual's order with no pickup: its 3 s pickup limit breaches (e2e standards). */
const unpickedOrder = (waybill: string) =>
  measuredByProduct({ type: 'order.created', waybill, timeMs: Date.now() });

async function breachRecorded(escalation: ServiceProcess, waybill: string): Promise<boolean> {
  const breachId = encodeURIComponent(`${waybill}:pickup_on_time:breach:1`);
  const response = await fetch(`${escalation.url}/api/breaches/${breachId}`, {
    headers: { authorization: `Bearer ${TOKENS.viewer}` },
  });
  return response.status === 200;
}

describe('self-healing services', () => {
  it('resume by themselves after Redis is away longer than the session timeout, not ready meanwhile', async () => {
    const redis = await privateRedis();
    servers.push(redis);
    const { topics, env } = isolatedMonitorEnvironment('redis-outage', {
      ...E2E_STANDARDS,
      REDIS_URL: redis.url,
      CONSUMER_STALL_SECONDS: '3',
    });
    const { escalationFile, tokensFile } = writeTestConfig(await receiver.start());
    const monitor = await startService('monitor', env);
    services.push(monitor);
    const escalation = await startService('escalation', {
      REDIS_URL: redis.url,
      REDIS_KEY_PREFIX: env.REDIS_KEY_PREFIX,
      TOPIC_BREACHES: topics.breaches,
      ESCALATION_CONSUMER_GROUP: uniqueName('escalation'),
      ESCALATION_FILE: escalationFile,
      API_TOKENS_FILE: tokensFile,
      CONSUMER_STALL_SECONDS: '3',
    });
    services.push(escalation);

    const before = uniqueName('ST-before');
    await publishAll(kafka, topics, [unpickedOrder(before)]);
    await eventually('a breach before the outage reaches escalation', () =>
      breachRecorded(escalation, before),
    );

    await redis.stop();
    const outageStarted = Date.now();
    // Keep events and breaches coming while Redis is away: both consumers have work they cannot do.
    const during: string[] = [];
    const answers: Array<{ at: number; monitor: number; escalation: number }> = [];
    while (Date.now() - outageStarted < SESSION_TIMEOUT_MS + 8000) {
      const waybill = uniqueName('ST-during');
      during.push(waybill);
      await publishAll(kafka, topics, [unpickedOrder(waybill)]);
      const started = Date.now();
      const [m, e] = await Promise.all([readiness(monitor), readiness(escalation)]);
      // /readyz answers even with Redis gone: its checks give up after 800 ms (the exact bound is
      // tested in memory in packages/lifecycle); here, two processes on a loaded machine, within 2.5 s.
      expect(Date.now() - started).toBeLessThan(2500);
      answers.push({ at: Date.now() - outageStarted, monitor: m.status, escalation: e.status });
      await sleep(1000);
    }
    // Never ready while Redis is away (allowing 2 s for the first check to notice).
    const afterNoticing = answers.filter((answer) => answer.at > 2000);
    expect(afterNoticing.length).toBeGreaterThanOrEqual(5);
    expect(afterNoticing.every((answer) => answer.monitor === 503 && answer.escalation === 503)).toBe(true);

    await redis.start();
    await eventually(
      'both services ready again',
      async () => {
        const [m, e] = await Promise.all([readiness(monitor), readiness(escalation)]);
        return m.status === 200 && e.status === 200;
      },
      90_000,
    );
    const after = uniqueName('ST-after');
    await publishAll(kafka, topics, [unpickedOrder(after)]);
    // Everything published during and after the outage is judged and escalated: nothing was dropped.
    for (const waybill of [...during, after]) {
      await eventually(
        `breach of ${waybill} recorded by escalation`,
        () => breachRecorded(escalation, waybill),
        60_000,
      );
    }
    expect(monitor.child.exitCode).toBeNull();
    expect(escalation.child.exitCode).toBeNull();
  });

  it('exits non-zero for its supervisor when its consumer cannot rejoin the group', async () => {
    const broker = await privateKafka();
    servers.push(broker);
    const { env } = isolatedMonitorEnvironment('broker-gone', {
      ...E2E_STANDARDS,
      KAFKA_BROKERS: broker.url,
      KAFKA_PARTITIONS: '1',
      CONSUMER_MAX_REJOIN_SECONDS: '5',
    });
    const monitor = await startService('monitor', env);
    services.push(monitor);
    await broker.stop();
    const exit = new Promise<number | null>((resolve) => {
      if (monitor.child.exitCode !== null) resolve(monitor.child.exitCode);
      monitor.child.on('exit', (code) => resolve(code));
    });
    const code = await Promise.race([exit, sleep(90_000).then(() => 'still running' as const)]);
    expect(code, monitor.output.join('').slice(-3000)).toBe(3);
    expect(monitor.output.join('')).toContain('has not rejoined for 5 s');
  });
});
