import { sampleEvent } from '@slawatch/contract';
import type { ConsumedRecord } from '@slawatch/kafka';
import { describe, expect, it } from 'vitest';
import { groupByWaybill, parseRecords } from '../src/parse-batch.js';

const SAMPLE_TIME = Date.parse(sampleEvent('dispatch.hub_scan').time);
const OPTIONS = { maxBytes: 100_000, maxFutureSkewMs: 300_000, now: SAMPLE_TIME + 60_000 };

function recordOf(key: Buffer | null, subject: string, offset: number): ConsumedRecord {
  const event = sampleEvent('dispatch.hub_scan', { subject, id: `scan-${offset}` });
  return {
    topic: 'logistics.dispatch',
    partition: 0,
    offset: String(offset),
    key,
    value: Buffer.from(JSON.stringify(event)),
    headers: {},
    timestamp: String(SAMPLE_TIME),
  };
}

describe("a batch's records grouped by waybill before they are parsed", () => {
  it('groups by key in offset order, keeps keyless records apart, and parses each group like the whole batch', () => {
    const notUtf8 = Buffer.from([0x53, 0x57, 0xff, 0x31]);
    const records = [
      recordOf(Buffer.from('SW1'), 'SW1', 1),
      recordOf(Buffer.from('SW2'), 'SW2', 2),
      recordOf(null, 'SW1', 3),
      recordOf(Buffer.from('SW1'), 'SW1', 4),
      recordOf(Buffer.alloc(0), 'SW2', 5),
      recordOf(notUtf8, 'SW\uFFFD1', 6),
      recordOf(Buffer.from('SW2'), 'SW3', 7),
    ];
    const { byWaybill, keyless } = groupByWaybill(records);
    expect([...byWaybill.keys()]).toEqual(['SW1', 'SW2', 'SW\uFFFD1']);
    expect(byWaybill.get('SW1')!.map((r) => r.offset)).toEqual(['1', '4']);
    expect(keyless.map((r) => r.offset)).toEqual(['3', '5']);

    const sw1 = parseRecords('dispatch', byWaybill.get('SW1')!, OPTIONS);
    expect(sw1.refused).toEqual([]);
    expect(sw1.arrived.map((a) => [a.event.subject, a.event.id, a.source?.offset])).toEqual([
      ['SW1', 'scan-1', '1'],
      ['SW1', 'scan-4', '4'],
    ]);
    // The contract requires the subject to be the key: a group holds no other waybill's event.
    const sw2 = parseRecords('dispatch', byWaybill.get('SW2')!, OPTIONS);
    expect(sw2.arrived.map((a) => a.event.subject)).toEqual(['SW2']);
    expect(sw2.refused.map((r) => [r.record.offset, r.reason])).toEqual([['7', 'key_mismatch']]);
    // A key that is not UTF-8 groups under its lossy decoding, and is refused as what it is.
    const lossy = parseRecords('dispatch', byWaybill.get('SW\uFFFD1')!, OPTIONS);
    expect(lossy.arrived).toEqual([]);
    expect(lossy.refused.map((r) => r.reason)).toEqual(['not_utf8']);
    const refusedKeyless = parseRecords('dispatch', keyless, OPTIONS).refused;
    expect(refusedKeyless.map((r) => [r.record.offset, r.reason])).toEqual([
      ['3', 'missing_key'],
      ['5', 'missing_key'],
    ]);
  });
});
