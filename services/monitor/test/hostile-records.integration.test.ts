import { createHash } from 'node:crypto';
import { type DeadLetterRecord, sampleEvent } from '@slawatch/contract';
import { afterAll, describe, expect, it } from 'vitest';
import { eventually, metricSum } from '../../../test/harness/metrics.js';
import type { ServiceProcess } from '../../../test/harness/service-process.js';
import { isolatedMonitorEnvironment, publish, readTopic } from '../../../test/harness/topics.js';
import { monitorHarness, stateReader } from './support.js';

const harness = monitorHarness();
const { kafka, monitor } = harness;
const admin = kafka.admin();
const adminConnected = admin.connect();
afterAll(async () => {
  await adminConnected;
  await admin.disconnect();
});

const MB = 1024 * 1024;
const WAYBILL = 'SW500000000001';
const json = (v: unknown) => Buffer.from(JSON.stringify(v));
const hourAgo = () => new Date(Date.now() - 3_600_000).toISOString();

/** A 2 MB record: valid JSON that starts like an event, far over any event size limit. */
const HUGE = Buffer.concat([
  Buffer.from('{"specversion":"1.0","type":"order.created","padding":"'),
  Buffer.alloc(2 * MB, 0x78),
  Buffer.from('"}'),
]);

/** Topics as an operator may have set them: inputs that take 3 MB records, a dead-letter topic limited to `deadLetterMaxBytes`. */
async function createTopics(id: string, deadLetterMaxBytes: number) {
  const { topics, env } = isolatedMonitorEnvironment(id, { LOG_LEVEL: 'debug' });
  await adminConnected;
  const partitions = Number(env.KAFKA_PARTITIONS);
  const large = { 'max.message.bytes': String(3 * MB) };
  await admin.ensureTopics([
    ...[topics.orders, topics.dispatch, topics.delivery, topics.aftersales].map((topic) => ({
      topic,
      partitions,
      config: large,
    })),
    { topic: topics.breaches, partitions },
    { topic: topics.deadLetter, partitions: 1, config: { 'max.message.bytes': String(deadLetterMaxBytes) } },
  ]);
  return { topics, env };
}

/** The oversized record, then three valid events of the same waybill (so the same partition) behind it. */
async function publishHugeThenValid(topic: string) {
  await publish(kafka, topic, [{ key: WAYBILL, value: HUGE }]);
  const later = (['order.created', 'order.stockout', 'order.corrected'] as const).map((type, i) => ({
    key: WAYBILL,
    value: json(sampleEvent(type, { subject: WAYBILL, id: `later-${i}`, time: hourAgo() })),
  }));
  await publish(kafka, topic, later);
}

async function expectReducedCopyAndProgress(
  service: ServiceProcess,
  topics: Record<string, string>,
  env: Record<string, string>,
) {
  const [record] = await readTopic(kafka, topics['deadLetter']!, (r) => r.length >= 1);
  const letter = JSON.parse(String(record!.value)) as DeadLetterRecord;
  expect(letter).toMatchObject({
    reason: 'too_large',
    source: { topic: topics['orders'], offset: '0' },
    key: WAYBILL,
    valueBase64: null,
    reduced: true,
    valueBytes: HUGE.length,
    valueSha256: createHash('sha256').update(HUGE).digest('hex'),
  });
  expect(Buffer.from(letter.valueHeadBase64!, 'base64').equals(HUGE.subarray(0, 4096))).toBe(true);
  expect(letter.message).toMatch(/^\(value\): expected at most 65536 bytes/);

  // The partition moved on: the events behind the huge record were evaluated and stored.
  await eventually('the later events are accepted', async () => {
    return (await metricSum(service.url, 'slawatch_events_total', { result: 'accepted' })) === 3;
  });
  const states = await stateReader(harness.redis, env).states([WAYBILL]);
  expect(states.get(WAYBILL)).toBeDefined();
  expect((await fetch(`${service.url}/readyz`)).status).toBe(200);
  expect(service.child.exitCode).toBeNull();
  expect(service.output.join('')).toContain('reduced');
  expect(
    await metricSum(service.url, 'slawatch_dead_letters_reduced_total', { topic: topics['orders']! }),
  ).toBe(1);
  expect(await metricSum(service.url, 'slawatch_dead_letters_skipped_total')).toBe(0);
}

describe('a record too large for the dead-letter topic', () => {
  it('goes to the dead-letter topic reduced, and the partition keeps moving (limit known at start-up)', async () => {
    const { topics, env } = await createTopics('oversize', MB);
    const service = await monitor(env);
    const output = () => service.output.join('');
    // Start-up compares the limits and gives the exact command.
    expect(output()).toContain(
      `--alter --entity-type topics --entity-name ${topics.deadLetter} --add-config max.message.bytes=${Math.ceil((3 * MB * 4) / 3) + 64 * 1024}`,
    );
    await publishHugeThenValid(topics.orders);
    await expectReducedCopyAndProgress(service, topics, env);
  });

  it('goes reduced when the broker refuses the whole copy (limit lowered after start-up)', async () => {
    const { topics, env } = await createTopics('oversize-lowered', 5 * MB);
    const service = await monitor(env);
    expect(service.output.join('')).not.toContain('--add-config max.message.bytes');
    await admin.setTopicConfig(topics.deadLetter, { 'max.message.bytes': String(MB) });
    await publishHugeThenValid(topics.orders);
    await expectReducedCopyAndProgress(service, topics, env);
    expect(service.output.join('')).toContain('dead-letter topic refused the whole copy');
  });
});

describe('a malformed record holding personal data', () => {
  it('yields a dead letter and log lines without it, while the original bytes keep it', async () => {
    const phone = '13800138000';
    const { topics, env } = isolatedMonitorEnvironment('personal', { LOG_LEVEL: 'debug' });
    const service = await monitor(env);
    const order = sampleEvent('order.created', { subject: WAYBILL, time: hourAgo() });
    const wrongPhone = json({
      ...order,
      data: { ...order.data, recipient: { name: 'Wang Wu', phone: Number(phone) } },
    });
    const notJson = Buffer.from(`{"recipient": {"phone": "${phone}"} oops`);
    await publish(kafka, topics.orders, [
      { key: WAYBILL, value: wrongPhone },
      { key: WAYBILL, value: notJson },
    ]);

    const records = await readTopic(kafka, topics.deadLetter, (r) => r.length >= 2);
    const letters = records.map((r) => JSON.parse(String(r.value)) as DeadLetterRecord);
    expect(letters.map((l) => l.reason).sort()).toEqual(['invalid_data', 'invalid_json']);
    for (const letter of letters) {
      expect(letter.message).not.toContain(phone);
      expect(Buffer.from(letter.valueBase64!, 'base64').toString()).toContain(phone);
    }
    expect(letters.find((l) => l.reason === 'invalid_data')!.message).toBe(
      'data.recipient.phone: expected a non-empty string of at most 128 characters, got a number (not shown: personal data)',
    );
    await eventually('both refusals are logged', async () => {
      return service.output.join('').split('record refused').length - 1 === 2;
    });
    const log = service.output.join('');
    expect(log).toContain(`"level":"debug"`); // debug lines are written, and none of them holds the data
    expect(log).not.toContain(phone);
    expect(log).not.toContain('Wang Wu');
    // The dead-letter topic it created holds whole copies of inputs at Kafka's default limit: no size warning.
    expect(log).not.toContain('--add-config max.message.bytes');
  });
});
