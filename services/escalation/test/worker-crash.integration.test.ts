import { type ChildProcess, spawn } from 'node:child_process';
import { afterAll, describe, expect, inject, it } from 'vitest';
import { freePort } from '../../../test/harness/free-port.js';
import { serviceEnvironment, testKafka, uniqueName } from '../../../test/harness/isolation.js';
import { breach, TOKENS, writeTestConfig } from './fixtures.js';
import { eventually, Receiver } from './receiver.js';

/** The service as it runs in production: its own process, started from source. */
function startService(env: Record<string, string>): ChildProcess {
  const child = spawn('node', ['--conditions=source', '--import', 'tsx', 'services/escalation/src/main.ts'], {
    cwd: inject('repositoryRoot'),
    env,
    stdio: ['ignore', 'ignore', 'inherit'],
  });
  return child;
}

async function waitReady(port: number): Promise<void> {
  await eventually(
    async () => {
      const response = await fetch(`http://127.0.0.1:${port}/readyz`);
      expect(response.status).toBe(200);
    },
    60_000,
    `service on ${port} ready`,
  );
}

describe('an escalation worker killed mid-delivery', () => {
  const receiver = new Receiver();
  const children: ChildProcess[] = [];
  afterAll(async () => {
    for (const child of children) if (child.exitCode === null) child.kill('SIGKILL');
    await receiver.stop();
  });

  it('loses no notification: another process delivers the stalled job', async () => {
    const receiverUrl = await receiver.start();
    const { escalationFile, tokensFile } = writeTestConfig(receiverUrl);
    const common = {
      TOPIC_BREACHES: uniqueName('breaches'),
      ESCALATION_CONSUMER_GROUP: uniqueName('escalation'),
      REDIS_KEY_PREFIX: `${uniqueName('t')}:`,
      ESCALATION_FILE: escalationFile,
      API_TOKENS_FILE: tokensFile,
      KAFKA_PARTITIONS: '1',
      ESCALATION_STALLED_INTERVAL_MS: '1000',
      LOG_LEVEL: 'warn',
    };
    const firstPort = await freePort();
    const first = startService(serviceEnvironment({ ...common, HTTP_PORT: String(firstPort) }));
    children.push(first);
    await waitReady(firstPort);

    receiver.hold('/slow');
    const inFlight = new Promise<void>((resolve) => {
      receiver.onHeld = () => resolve();
    });
    const change = breach(uniqueName('ST-crash'), { standard: 'crash_test' });
    const producer = testKafka().producer();
    await producer.connect();
    await producer.send(common.TOPIC_BREACHES, [{ key: change.waybill, value: JSON.stringify(change) }]);
    await producer.disconnect();

    await inFlight;
    first.kill('SIGKILL');
    await new Promise((resolve) => first.once('exit', resolve));
    receiver.release();
    expect(receiver.to('/slow', change.breachId)).toEqual([]);

    const secondPort = await freePort();
    const second = startService(serviceEnvironment({ ...common, HTTP_PORT: String(secondPort) }));
    children.push(second);
    await eventually(
      () => expect(receiver.to('/slow', change.breachId)).toHaveLength(1),
      40_000,
      'redelivery',
    );
    await waitReady(secondPort);
    const detail = await fetch(
      `http://127.0.0.1:${secondPort}/api/breaches/${encodeURIComponent(change.breachId)}`,
      {
        headers: { authorization: `Bearer ${TOKENS.viewer}` },
      },
    );
    const body = (await detail.json()) as { notified: string[]; timeline: Array<{ what: string }> };
    expect(body.notified).toEqual(['slow']);
    expect(body.timeline.map((e) => e.what)).toContain('notified');
    second.kill('SIGTERM');
    await new Promise((resolve) => second.once('exit', resolve));
  }, 120_000);
});
