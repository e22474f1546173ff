import { afterEach, describe, expect, it } from 'vitest';
import { fnv1a64 } from '../src/fingerprint.js';
import { alertmanager, labelSetFingerprint, messageFor, send, toPlainText } from '../src/index.js';
import { breachNotification, digestNotification, NOW_MS, resolvedNotification } from './fixtures.js';
import { type LocalServer, startLocalServer } from './local-server.js';

let server: LocalServer | undefined;
afterEach(async () => {
  await server?.close();
  server = undefined;
});

const LABELS = {
  alertname: 'SlawatchBreach',
  breach_id: 'br-20261128-0001',
  element: 'time',
  level: 'breach',
  phase: 'transaction',
  product: 'next_day',
  route: 'inter_province',
  segment: 'key_account',
  severity: 'critical',
  standard: 'delivered_on_time',
  waybill: 'ST7700012345',
};

function targetFor(url: string, extra: Record<string, unknown> = {}) {
  return alertmanager.AlertmanagerTargetSchema.parse({
    type: 'alertmanager',
    url,
    externalUrl: 'https://slawatch.example.com/',
    ...extra,
  });
}

describe('FNV-1a 64', () => {
  it('matches the published test vectors', () => {
    expect(fnv1a64(new Uint8Array())).toBe('cbf29ce484222325');
    expect(fnv1a64(new TextEncoder().encode('a'))).toBe('af63dc4c8601ec8c');
    expect(fnv1a64(new TextEncoder().encode('foobar'))).toBe('85944171f73967e8');
  });

  it('fingerprints a label set as name 0xff value 0xff, sorted by name', () => {
    const bytes = [...new TextEncoder().encode('a'), 0xff, ...new TextEncoder().encode('1'), 0xff];
    bytes.push(...new TextEncoder().encode('b'), 0xff, ...new TextEncoder().encode('2'), 0xff);
    expect(labelSetFingerprint({ b: '2', a: '1' })).toBe(fnv1a64(Uint8Array.from(bytes)));
  });
});

describe('Alertmanager-compatible webhook channel', () => {
  it('posts a version 4 payload with exactly Alertmanager’s fields, firing', async () => {
    server = await startLocalServer();
    const notification = breachNotification();
    const target = targetFor(`${server.origin}/alerts`, { bearerToken: 'am-token' });

    const result = await send(alertmanager.build(notification, target, NOW_MS), { timeoutMs: 2000 });

    expect(result.ok).toBe(true);
    const [request] = server.received;
    expect(request?.method).toBe('POST');
    expect(request?.target).toBe('/alerts');
    expect(request?.headers['authorization']).toBe('Bearer am-token');
    expect(request?.headers['content-type']).toBe('application/json; charset=utf-8');
    const description = toPlainText(messageFor(notification));
    const annotations = {
      acknowledge_url: 'https://ops.example.com/ack/br-20261128-0001?token=t1',
      description,
      due_at: '2026-11-28T16:00:00Z',
      evidence: 'evt-1, evt-2',
      standards_version: '2026.11.1',
      summary: '【紧急·违约】[critical · breach] 按时送达 Delivered on time — ST7700012345',
    };
    const expected = JSON.stringify({
      receiver: 'slawatch',
      status: 'firing',
      alerts: [
        {
          status: 'firing',
          labels: LABELS,
          annotations,
          startsAt: '2026-11-28T18:15:30.000Z',
          endsAt: '0001-01-01T00:00:00Z',
          generatorURL: 'https://slawatch.example.com/breaches/br-20261128-0001',
          fingerprint: labelSetFingerprint(LABELS),
        },
      ],
      groupLabels: { alertname: 'SlawatchBreach', segment: 'key_account', standard: 'delivered_on_time' },
      commonLabels: LABELS,
      commonAnnotations: annotations,
      externalURL: 'https://slawatch.example.com/',
      version: '4',
      groupKey: '{}:{alertname="SlawatchBreach", segment="key_account", standard="delivered_on_time"}',
      truncatedAlerts: 0,
    });
    expect(request?.body.toString('utf8')).toBe(expected);
    expect(request?.body.equals(Buffer.from(expected))).toBe(true);
  });

  it('resolves with an end time and the reason', () => {
    const payload = alertmanager.payloadFor(
      resolvedNotification({ reason: 'retracted' }),
      targetFor('http://am.local/'),
      NOW_MS,
    );
    expect(payload.status).toBe('resolved');
    expect(payload.alerts[0]?.status).toBe('resolved');
    expect(payload.alerts[0]?.endsAt).toBe('2026-11-28T18:20:00.000Z');
    expect(payload.alerts[0]?.annotations['resolution']).toBe('retracted');
    expect(payload.alerts[0]?.annotations['acknowledge_url']).toBeUndefined();
    // Same labels as when it fired, so a receiver matches the resolution to the firing alert.
    expect(payload.alerts[0]?.fingerprint).toBe(labelSetFingerprint(LABELS));
  });

  it('sends a digest as one alert per breach and counts what max_alerts cut', () => {
    const payload = alertmanager.payloadFor(
      digestNotification(5),
      targetFor('http://am.local/', { maxAlerts: 3 }),
      NOW_MS,
    );
    expect(payload.alerts.map((alert) => alert.labels['waybill'])).toEqual([
      'ST7700000001',
      'ST7700000002',
      'ST7700000003',
    ]);
    expect(payload.truncatedAlerts).toBe(2);
    expect(payload.commonLabels['waybill']).toBeUndefined();
    expect(payload.commonLabels['standard']).toBe('pickup_on_time');
    expect(payload.groupKey).toBe(
      '{}:{alertname="SlawatchBreach", segment="ecommerce", standard="pickup_on_time"}',
    );
    expect(new Set(payload.alerts.map((alert) => alert.fingerprint)).size).toBe(3);
  });
});
