import { resolve } from 'node:path';
import { type EventType, sampleEvent, topicFamilyOf } from '@slawatch/contract';
import { type BreachChange, compileStandards } from '@slawatch/evaluation';
import type { KafkaClient, OutgoingRecord } from '@slawatch/kafka';
import type { Redis } from '@slawatch/redis';
import { ShipmentStore } from '@slawatch/shipment-store';
import { loadStandards } from '@slawatch/standards';
import { afterAll, inject } from 'vitest';
import { testKafka, testRedis, uniqueName } from '../../../test/harness/isolation.js';
import { type ServiceProcess, startService } from '../../../test/harness/service-process.js';
import { ShipmentEvaluation } from '../src/shipment-evaluation.js';

/** The end-to-end standards file (limits of seconds), polled often so deadlines fire promptly. */
export const E2E_STANDARDS = {
  STANDARDS_FILE: 'services/monitor/test/fixtures/e2e-standards.yaml',
  DEADLINE_POLL_INTERVAL_MS: '100',
};

export const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

/**
 * The broker and Redis clients of one test file, and the monitors and topic
 * readers it starts: all stopped once the file's tests are done.
 */
export function monitorHarness() {
  const kafka = testKafka();
  let redis: Redis | undefined;
  const running: ServiceProcess[] = [];
  const readers: Array<{ stop(): Promise<void> }> = [];
  afterAll(async () => {
    await Promise.allSettled(readers.map((r) => r.stop()));
    await Promise.allSettled(running.map((s) => s.kill()));
    await redis?.quit();
  });
  return {
    kafka,
    /** Opened on first use: not every file reads Redis. */
    get redis(): Redis {
      redis ??= testRedis();
      return redis;
    },
    async monitor(env: Record<string, string>): Promise<ServiceProcess> {
      const service = await startService('monitor', env);
      running.push(service);
      return service;
    },
    /** Every breach change published to the topic since it was created, in arrival order, raw and parsed. */
    async breachTopic(topic: string) {
      const raw: string[] = [];
      const changes: BreachChange[] = [];
      const consumer = kafka.consumer({ groupId: uniqueName('breach-reader'), topics: [topic] });
      readers.push(consumer);
      await consumer.start(async (batch) => {
        for (const record of batch.records) {
          raw.push(String(record.value));
          changes.push(JSON.parse(String(record.value)) as BreachChange);
        }
      });
      return {
        raw,
        changes,
        of: (waybill: string) => changes.filter((c) => c.waybill === waybill),
        has: (breachId: string, status: string) =>
          changes.some((c) => c.breachId === breachId && c.status === status),
      };
    },
  };
}

export type BreachTopic = Awaited<ReturnType<ReturnType<typeof monitorHarness>['breachTopic']>>;

/** One event of a shipment, made from the contract's sample of its type. */
export interface ShipmentEvent {
  type: EventType;
  waybill: string;
  /** Event time, epoch ms. */
  timeMs: number;
  /** Replaces the sample's data fields; an undefined field is left out. */
  data?: Record<string, unknown>;
  /** Defaults to `<waybill>-<type>`; shipments with two events of a type name them. */
  id?: string;
}

/**
 * An individual's standard-product shipment, measured by product: the
 * sample's order promises a fixed date in the past, which is left out.
 */
export function measuredByProduct(e: ShipmentEvent): ShipmentEvent {
  if (e.type !== 'order.created') return e;
  return {
    ...e,
    data: { promisedDeliveryBy: undefined, segment: 'individual', product: 'standard', ...e.data },
  };
}

export function recordOf(e: ShipmentEvent): { topicFamily: string; record: OutgoingRecord } {
  const event = sampleEvent(e.type, {
    subject: e.waybill,
    id: e.id ?? `${e.waybill}-${e.type}`,
    time: new Date(e.timeMs).toISOString(),
  });
  Object.assign(event.data as Record<string, unknown>, e.data ?? {});
  return { topicFamily: topicFamilyOf(e.type), record: { key: e.waybill, value: JSON.stringify(event) } };
}

/** Sends many events at once, grouped by topic (the order within a topic is kept). */
export async function publishAll(
  kafka: KafkaClient,
  topics: Record<string, string>,
  events: ShipmentEvent[],
) {
  const byTopic = new Map<string, OutgoingRecord[]>();
  for (const e of events) {
    const { topicFamily, record } = recordOf(e);
    const topic = topics[topicFamily]!;
    byTopic.set(topic, [...(byTopic.get(topic) ?? []), record]);
  }
  const producer = kafka.producer();
  await producer.connect();
  try {
    await producer.sendMany(byTopic);
  } finally {
    await producer.disconnect();
  }
}

/** Sends the events in the given order, each acknowledged before the next is sent, whatever its topic. */
export async function publishInOrder(
  kafka: KafkaClient,
  topics: Record<string, string>,
  events: ShipmentEvent[],
) {
  const producer = kafka.producer();
  await producer.connect();
  try {
    for (const e of events) {
      const { topicFamily, record } = recordOf(e);
      await producer.send(topics[topicFamily]!, [record]);
    }
  } finally {
    await producer.disconnect();
  }
}

/** The last assignment a monitor logged. */
export function assignmentOf(service: ServiceProcess): Record<string, number[]> | undefined {
  const lines = service.output
    .join('')
    .split('\n')
    .filter((l) => l.includes('partitions assigned'));
  const last = lines.at(-1);
  return last ? (JSON.parse(last).assignment as Record<string, number[]>) : undefined;
}

/** How many input topic partitions a monitor holds, by its last logged assignment. */
export function ownedPartitions(service: ServiceProcess): number {
  return Object.values(assignmentOf(service) ?? {}).flat().length;
}

/**
 * Reads shipment states the way a monitor started with `env` stores them
 * (its key prefix, buckets, partitions and standards file), to check what it did.
 */
export function stateReader(redis: Redis, env: Record<string, string>) {
  const standardsFile = env['STANDARDS_FILE'] ?? 'standards/default.yaml';
  const compiled = compileStandards(loadStandards(resolve(inject('repositoryRoot'), standardsFile)));
  const evaluation = new ShipmentEvaluation({ compiled, retentionMs: 3_600_000 });
  const store = new ShipmentStore(redis, {
    prefix: env['REDIS_KEY_PREFIX']!,
    buckets: Number(env['SHIPMENT_BUCKETS']),
  });
  const partitions = Number(env['KAFKA_PARTITIONS']);
  return {
    store,
    /** The decoded state of each waybill, searching every partition. */
    async states(waybills: string[]) {
      const out = new Map<string, ReturnType<ShipmentEvaluation['decodeState']>>();
      for (let p = 0; p < partitions; p++) {
        const values = await store.load(p, waybills);
        for (const [waybill, value] of values) if (value) out.set(waybill, evaluation.decodeState(value));
      }
      return out;
    },
  };
}
