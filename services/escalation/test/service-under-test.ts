import { loadEnvironment } from '@slawatch/config';
import type { BreachChange } from '@slawatch/contract';
import type { Producer } from '@slawatch/kafka';
import { freePort } from '../../../test/harness/free-port.js';
import { serviceEnvironment, testKafka, testLogger, uniqueName } from '../../../test/harness/isolation.js';
import { createEscalationService } from '../src/escalation-service.js';
import { TOKENS, writeTestConfig } from './fixtures.js';
import type { Receiver } from './receiver.js';

export interface ApiAnswer {
  status: number;
  body: Record<string, unknown>;
}

export interface TimelineLine {
  what: string;
  who: string;
  detail?: Record<string, unknown>;
}

/** One escalation service in this process, on its own topic, group and key prefix, with an API client. */
export interface ServiceUnderTest {
  api: string;
  /** Its Redis key prefix, for tests that put there what another service (the monitor) would. */
  prefix: string;
  publish(...changes: BreachChange[]): Promise<unknown>;
  call(method: string, path: string, token?: string, body?: unknown): Promise<ApiAnswer>;
  timelineOf(breachId: string): Promise<TimelineLine[]>;
  stop(): Promise<void>;
}

/** Starts the service against the harness's broker and Redis (or `environment`'s), paging `receiver`. */
export async function startServiceUnderTest(
  receiver: Receiver,
  options: { environment?: Record<string, string> } = {},
): Promise<ServiceUnderTest> {
  const receiverUrl = await receiver.start();
  const { escalationFile, tokensFile } = writeTestConfig(receiverUrl);
  const port = await freePort();
  const topic = uniqueName('breaches');
  const prefix = `${uniqueName('t')}:`;
  const env = loadEnvironment(
    serviceEnvironment({
      TOPIC_BREACHES: topic,
      ESCALATION_CONSUMER_GROUP: uniqueName('escalation'),
      REDIS_KEY_PREFIX: prefix,
      ESCALATION_FILE: escalationFile,
      API_TOKENS_FILE: tokensFile,
      HTTP_PORT: String(port),
      KAFKA_PARTITIONS: '3',
      ESCALATION_STALLED_INTERVAL_MS: '2000',
      PUBLIC_URL: `http://127.0.0.1:${port}`,
      ACK_LINK_SECRET: 'an-acknowledge-link-secret-of-32-characters',
      ...options.environment,
    }),
  );
  const service = createEscalationService(env, testLogger());
  await service.http.listen({ host: '127.0.0.1', port });
  const api = `http://127.0.0.1:${port}`;
  const running = await service.start();
  const producer: Producer = testKafka().producer();
  await producer.connect();

  const call = async (method: string, path: string, token?: string, body?: unknown): Promise<ApiAnswer> => {
    const response = await fetch(`${api}${path}`, {
      method,
      headers: {
        ...(token ? { authorization: `Bearer ${token}` } : {}),
        ...(body !== undefined ? { 'content-type': 'application/json' } : {}),
      },
      ...(body !== undefined ? { body: JSON.stringify(body) } : {}),
    });
    return { status: response.status, body: (await response.json()) as Record<string, unknown> };
  };
  return {
    api,
    prefix,
    call,
    publish: (...changes) =>
      producer.send(
        topic,
        changes.map((c) => ({ key: c.waybill, value: JSON.stringify(c) })),
      ),
    timelineOf: async (breachId) =>
      ((await call('GET', `/api/breaches/${encodeURIComponent(breachId)}`, TOKENS.viewer)).body['timeline'] ??
        []) as TimelineLine[],
    stop: async () => {
      await producer.disconnect();
      await running.stop();
      await service.http.close();
      await receiver.stop();
    },
  };
}
