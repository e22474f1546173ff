import { type DeadLetterRecord, sampleEvent, type TopicFamily } from '@slawatch/contract';
import { afterAll, describe, expect, it } from 'vitest';
import { testKafka } from '../../../test/harness/isolation.js';
import { eventually, metricSum } from '../../../test/harness/metrics.js';
import { type ServiceProcess, startService } from '../../../test/harness/service-process.js';
import { isolatedMonitorEnvironment, publish, readTopic } from '../../../test/harness/topics.js';

const kafka = testKafka();
let service: ServiceProcess | undefined;
afterAll(async () => {
  await service?.kill();
});

const WAYBILL = 'SW400000000001';
const hourAgo = () => new Date(Date.now() - 3_600_000).toISOString();

function event(
  type: Parameters<typeof sampleEvent>[0],
  changes: Record<string, unknown> = {},
  remove: string[] = [],
) {
  const value: Record<string, unknown> = {
    ...sampleEvent(type, { subject: WAYBILL, time: hourAgo() }),
    ...changes,
  };
  for (const field of remove) delete value[field];
  return value;
}

function withData(type: Parameters<typeof sampleEvent>[0], data: Record<string, unknown>) {
  const value = event(type);
  return { ...value, data: { ...(value['data'] as object), ...data } };
}

interface Case {
  name: string;
  family: TopicFamily;
  key: Buffer | null;
  value: Buffer | null;
  reason: string;
  path: RegExp;
}

const json = (v: unknown) => Buffer.from(JSON.stringify(v));
const key = Buffer.from(WAYBILL);

const CASES: Case[] = [
  {
    name: 'bad JSON',
    family: 'orders',
    key,
    value: Buffer.from('{"specversion":"1.0",'),
    reason: 'invalid_json',
    path: /^\(value\)/,
  },
  {
    name: 'a JSON array',
    family: 'orders',
    key,
    value: json([1, 2]),
    reason: 'not_an_object',
    path: /^\(root\)/,
  },
  {
    name: 'a JSON string',
    family: 'orders',
    key,
    value: json('order'),
    reason: 'not_an_object',
    path: /^\(root\)/,
  },
  {
    name: 'no key',
    family: 'orders',
    key: null,
    value: json(event('order.created')),
    reason: 'missing_key',
    path: /^\(key\)/,
  },
  {
    name: 'empty value',
    family: 'orders',
    key,
    value: Buffer.alloc(0),
    reason: 'empty_value',
    path: /^\(value\)/,
  },
  { name: 'tombstone', family: 'dispatch', key, value: null, reason: 'empty_value', path: /^\(value\)/ },
  {
    name: 'over the size limit',
    family: 'orders',
    key,
    value: json({ ...event('order.created'), padding: 'x'.repeat(3000) }),
    reason: 'too_large',
    path: /^\(value\)/,
  },
  {
    name: 'invalid UTF-8',
    family: 'orders',
    key,
    value: Buffer.from([0x7b, 0xff, 0xfe, 0x7d]),
    reason: 'not_utf8',
    path: /^\(value\)/,
  },
  {
    name: 'no specversion',
    family: 'orders',
    key,
    value: json(event('order.created', {}, ['specversion'])),
    reason: 'invalid_envelope',
    path: /^specversion/,
  },
  {
    name: 'CloudEvents 0.3',
    family: 'orders',
    key,
    value: json(event('order.created', { specversion: '0.3' })),
    reason: 'invalid_envelope',
    path: /^specversion/,
  },
  {
    name: 'no id',
    family: 'orders',
    key,
    value: json(event('order.created', {}, ['id'])),
    reason: 'invalid_envelope',
    path: /^id/,
  },
  {
    name: 'no source',
    family: 'dispatch',
    key,
    value: json(event('dispatch.picked_up', {}, ['source'])),
    reason: 'invalid_envelope',
    path: /^source/,
  },
  {
    name: 'unknown type',
    family: 'orders',
    key,
    value: json(event('order.created', { type: 'order.teleported' })),
    reason: 'unknown_type',
    path: /^type/,
  },
  {
    name: 'type on the wrong topic',
    family: 'orders',
    key,
    value: json(event('delivery.delivered')),
    reason: 'wrong_topic',
    path: /^type/,
  },
  {
    name: 'key is not the subject',
    family: 'orders',
    key: Buffer.from('SW999'),
    value: json(event('order.created')),
    reason: 'key_mismatch',
    path: /^subject/,
  },
  {
    name: 'time without offset',
    family: 'dispatch',
    key,
    value: json(event('dispatch.hub_scan', { time: '2026-11-28T10:00:00' })),
    reason: 'invalid_time',
    path: /^time/,
  },
  {
    name: 'time in words',
    family: 'dispatch',
    key,
    value: json(event('dispatch.hub_scan', { time: 'yesterday' })),
    reason: 'invalid_time',
    path: /^time/,
  },
  {
    name: 'time a day ahead',
    family: 'dispatch',
    key,
    value: json(event('dispatch.hub_scan', { time: new Date(Date.now() + 86_400_000).toISOString() })),
    reason: 'time_in_future',
    path: /^time/,
  },
  {
    name: 'pieces in words',
    family: 'orders',
    key,
    value: json(withData('order.created', { pieces: 'three' })),
    reason: 'invalid_data',
    path: /^data\.pieces/,
  },
  {
    name: 'unknown segment',
    family: 'orders',
    key,
    value: json(withData('order.created', { segment: 'vip' })),
    reason: 'invalid_data',
    path: /^data\.segment/,
  },
  {
    name: 'locker hand-over without consent flag',
    family: 'delivery',
    key,
    value: json({
      ...event('delivery.delivered'),
      data: { pieces: 1, condition: 'intact', handover: 'locker' },
    }),
    reason: 'invalid_data',
    path: /^data\.consented/,
  },
  {
    name: 'hub scan going sideways',
    family: 'dispatch',
    key,
    value: json(withData('dispatch.hub_scan', { direction: 'sideways' })),
    reason: 'invalid_data',
    path: /^data\.direction/,
  },
  {
    name: 'negative claim',
    family: 'aftersales',
    key,
    value: json(withData('aftersales.claim_filed', { amountCny: -5 })),
    reason: 'invalid_data',
    path: /^data\.amountCny/,
  },
  {
    name: 'no data',
    family: 'aftersales',
    key,
    value: json(event('aftersales.complaint_opened', {}, ['data'])),
    reason: 'invalid_data',
    path: /^data/,
  },
];

describe('the dead-letter topic', () => {
  it(`receives each of ${CASES.length} malformed records with its reason, path and original bytes`, async () => {
    const { topics, env } = isolatedMonitorEnvironment('dlq', { EVENT_MAX_BYTES: '2048' });
    service = await startService('monitor', env);
    const headers = { 'x-case': 'yes' };
    for (const c of CASES) {
      await publish(kafka, topics[c.family], [{ key: c.key, value: c.value as Buffer, headers }]);
    }
    // One valid event too: bad records around it must not hold it back.
    await publish(kafka, topics.orders, [{ key, value: json(event('order.created', { id: 'valid-1' })) }]);

    const records = await readTopic(kafka, topics.deadLetter, (r) => r.length >= CASES.length);
    const letters = records.map((r) => JSON.parse(r.value.toString()) as DeadLetterRecord);
    expect(letters).toHaveLength(CASES.length);
    for (const c of CASES) {
      const letter = letters.find(
        (l) =>
          l.source.topic === topics[c.family] &&
          (l.valueBase64 ?? null) === (c.value ? c.value.toString('base64') : null) &&
          l.keyBase64 === (c.key ? c.key.toString('base64') : null),
      );
      expect(letter, c.name).toBeDefined();
      expect(letter!.reason, c.name).toBe(c.reason);
      expect(letter!.message, c.name).toMatch(c.path);
      expect(letter!.message, c.name).toMatch(/expected/);
      expect(Buffer.from(letter!.headers['x-case'] ?? '', 'base64').toString(), c.name).toBe('yes');
      expect(Number(letter!.source.offset), c.name).toBeGreaterThanOrEqual(0);
    }
    await eventually('the valid event is accepted', async () => {
      return (await metricSum(service!.url, 'slawatch_events_total', { result: 'accepted' })) === 1;
    });
    expect(await metricSum(service.url, 'slawatch_dead_letters_total')).toBe(CASES.length);
    expect(await metricSum(service.url, 'slawatch_dead_letters_total', { reason: 'invalid_data' })).toBe(6);
  });
});
