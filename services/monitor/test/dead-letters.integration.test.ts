import { type DeadLetterRecord, sampleEvent, type TopicFamily } from '@slawatch/contract';
import { describe, expect, it } from 'vitest';
import { eventually, metricSum } from '../../../test/harness/metrics.js';
import type { ServiceProcess } from '../../../test/harness/service-process.js';
import { isolatedMonitorEnvironment, publish, readTopic } from '../../../test/harness/topics.js';
import { monitorHarness } from './support.js';

const { kafka, monitor } = monitorHarness();
let service: ServiceProcess | undefined;

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

/** A malformed record: what it is, its input topic, its value, and the path its message must start with. */
type Row = [name: string, family: TopicFamily, value: Buffer | null, path: RegExp, recordKey?: Buffer | null];

/** Malformed records by the reason they must be refused for; keyed by the waybill unless the row says otherwise. */
const ROWS: Record<string, Row[]> = {
  invalid_json: [['bad JSON', 'orders', Buffer.from('{"specversion":"1.0",'), /^\(value\)/]],
  not_an_object: [
    ['a JSON array', 'orders', json([1, 2]), /^\(root\)/],
    ['a JSON string', 'orders', json('order'), /^\(root\)/],
  ],
  missing_key: [['no key', 'orders', json(event('order.created')), /^\(key\)/, null]],
  empty_value: [
    ['empty value', 'orders', Buffer.alloc(0), /^\(value\)/],
    ['tombstone', 'dispatch', null, /^\(value\)/],
  ],
  too_large: [
    [
      'over the size limit',
      'orders',
      json({ ...event('order.created'), padding: 'x'.repeat(3000) }),
      /^\(value\)/,
    ],
  ],
  not_utf8: [['invalid UTF-8', 'orders', Buffer.from([0x7b, 0xff, 0xfe, 0x7d]), /^\(value\)/]],
  invalid_envelope: [
    ['no specversion', 'orders', json(event('order.created', {}, ['specversion'])), /^specversion/],
    ['CloudEvents 0.3', 'orders', json(event('order.created', { specversion: '0.3' })), /^specversion/],
    ['no id', 'orders', json(event('order.created', {}, ['id'])), /^id/],
    ['no source', 'dispatch', json(event('dispatch.picked_up', {}, ['source'])), /^source/],
  ],
  unknown_type: [
    ['unknown type', 'orders', json(event('order.created', { type: 'order.teleported' })), /^type/],
  ],
  wrong_topic: [['type on the wrong topic', 'orders', json(event('delivery.delivered')), /^type/]],
  key_mismatch: [
    ['key is not the subject', 'orders', json(event('order.created')), /^subject/, Buffer.from('SW999')],
  ],
  invalid_time: [
    [
      'time without offset',
      'dispatch',
      json(event('dispatch.hub_scan', { time: '2026-11-28T10:00:00' })),
      /^time/,
    ],
    ['time in words', 'dispatch', json(event('dispatch.hub_scan', { time: 'yesterday' })), /^time/],
  ],
  time_in_future: [
    [
      'time a day ahead',
      'dispatch',
      json(event('dispatch.hub_scan', { time: new Date(Date.now() + 86_400_000).toISOString() })),
      /^time/,
    ],
  ],
  invalid_data: [
    ['pieces in words', 'orders', json(withData('order.created', { pieces: 'three' })), /^data\.pieces/],
    ['unknown segment', 'orders', json(withData('order.created', { segment: 'vip' })), /^data\.segment/],
    [
      'locker hand-over without consent flag',
      'delivery',
      json({ ...event('delivery.delivered'), data: { pieces: 1, condition: 'intact', handover: 'locker' } }),
      /^data\.consented/,
    ],
    [
      'hub scan going sideways',
      'dispatch',
      json(withData('dispatch.hub_scan', { direction: 'sideways' })),
      /^data\.direction/,
    ],
    [
      'negative claim',
      'aftersales',
      json(withData('aftersales.claim_filed', { amountCny: -5 })),
      /^data\.amountCny/,
    ],
    ['no data', 'aftersales', json(event('aftersales.complaint_opened', {}, ['data'])), /^data/],
  ],
};

const CASES: Case[] = Object.entries(ROWS).flatMap(([reason, rows]) =>
  rows.map(([name, family, value, path, recordKey = key]) => ({
    name,
    family,
    key: recordKey,
    value,
    reason,
    path,
  })),
);

describe('the dead-letter topic', () => {
  it(`receives each of ${CASES.length} malformed records with its reason, path and original bytes`, async () => {
    const { topics, env } = isolatedMonitorEnvironment('dlq', { EVENT_MAX_BYTES: '2048' });
    service = await monitor(env);
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

describe('an event dated implausibly far before its order', () => {
  it('goes to the dead-letter topic with its own reason once the order is known, and is not judged', async () => {
    const { topics, env } = isolatedMonitorEnvironment('before-order');
    const monitorService = await monitor(env);
    const orderTime = Date.now() - 3_600_000;
    const at = (ms: number) => new Date(ms).toISOString();
    const order = event('order.created', { id: 'order-1', time: at(orderTime) });
    await publish(kafka, topics.orders, [{ key, value: json(order) }]);
    await eventually('the order is accepted', async () => {
      return (await metricSum(monitorService.url, 'slawatch_events_total', { result: 'accepted' })) === 1;
    });
    // Three days before the order: plausible on its own (not 90 days old), not next to its order.
    const early = event('dispatch.picked_up', { id: 'pickup-early', time: at(orderTime - 3 * 86_400_000) });
    const fine = event('dispatch.picked_up', { id: 'pickup-fine', time: at(orderTime + 60_000) });
    await publish(kafka, topics.dispatch, [
      { key, value: json(early) },
      { key, value: json(fine) },
    ]);

    const [record] = await readTopic(kafka, topics.deadLetter, (r) => r.length >= 1);
    const letter = JSON.parse(record!.value.toString()) as DeadLetterRecord;
    expect(letter.reason).toBe('time_before_order');
    expect(letter.message).toBe(
      `time: expected no earlier than ${at(orderTime - 86_400_000)} (the order's time ${at(orderTime)} minus 24 h), got ${at(orderTime - 3 * 86_400_000)}`,
    );
    expect(letter.source.topic).toBe(topics.dispatch);
    expect(Buffer.from(letter.valueBase64 ?? '', 'base64').toString()).toBe(JSON.stringify(early));
    await eventually('the plausible pickup is accepted', async () => {
      return (await metricSum(monitorService.url, 'slawatch_events_total', { result: 'accepted' })) === 2;
    });
    expect(
      await metricSum(monitorService.url, 'slawatch_dead_letters_total', { reason: 'time_before_order' }),
    ).toBe(1);
  });
});
