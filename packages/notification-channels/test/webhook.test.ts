import { createHmac, timingSafeEqual } from 'node:crypto';
import { afterEach, describe, expect, it } from 'vitest';
import { messageFor, send, toPlainText, webhook } from '../src/index.js';
import { breachChange, breachNotification, NOW_MS } from './fixtures.js';
import { type LocalServer, startLocalServer } from './local-server.js';

const SECRET = 'webhook-shared-secret-0123';
let server: LocalServer | undefined;
afterEach(async () => {
  await server?.close();
  server = undefined;
});

describe('generic webhook channel', () => {
  it('posts the versioned JSON body, signed over timestamp.body', async () => {
    server = await startLocalServer();
    const notification = breachNotification();
    const target = webhook.WebhookTargetSchema.parse({
      type: 'webhook',
      url: `${server.origin}/hooks/slawatch?team=ops`,
      secret: SECRET,
    });

    const result = await send(webhook.build(notification, target, NOW_MS), { timeoutMs: 2000 });

    expect(result).toEqual({ ok: true, status: 200 });
    const [request] = server.received;
    expect(request?.method).toBe('POST');
    expect(request?.target).toBe('/hooks/slawatch?team=ops');
    expect(request?.headers['content-type']).toBe('application/json; charset=utf-8');
    expect(request?.headers['x-slawatch-timestamp']).toBe('1795890000');

    const expectedBody = JSON.stringify({
      version: 1,
      sentAt: '2026-11-28T18:20:00.000Z',
      notification: {
        kind: 'breach',
        breach: {
          breachId: 'br-20261128-0001',
          status: 'open',
          waybill: 'ST7700012345',
          standard: 'delivered_on_time',
          title: 'Delivered on time',
          titleZh: '按时送达',
          element: 'time',
          phase: 'transaction',
          segment: 'key_account',
          product: 'next_day',
          route: 'inter_province',
          severity: 'critical',
          level: 'breach',
          dueAt: '2026-11-28T16:00:00Z',
          detectedAt: '2026-11-28T18:15:30Z',
          judgedBeforeBacklogRead: false,
          evidence: ['evt-1', 'evt-2'],
          cause: {
            lastSeen: { kind: 'hub', id: 'HGH01', at: '2026-11-28T06:40:00.000Z' },
            originCity: 'Hangzhou',
            destinationCity: 'Shanghai',
            lane: 'Hangzhou→Shanghai',
            customerId: 'C-100482',
          },
          standardsVersion: '2026.11.1',
          contractVersion: '1',
        },
        step: 2,
        acknowledgeUrl: 'https://ops.example.com/ack/br-20261128-0001?token=t1',
      },
      message: {
        title: '【紧急·违约】[critical · breach] 按时送达 Delivered on time — ST7700012345',
        text: toPlainText(messageFor(notification)),
      },
    });
    expect(request?.body.equals(Buffer.from(expectedBody, 'utf8'))).toBe(true);

    // The receiver's check, written out: HMAC-SHA256(secret, "<timestamp>.<raw body bytes>") in hex.
    const signed = Buffer.concat([Buffer.from('1795890000.', 'utf8'), request!.body]);
    const expectedSignature = `sha256=${createHmac('sha256', SECRET).update(signed).digest('hex')}`;
    const receivedSignature = String(request?.headers['x-slawatch-signature']);
    expect(receivedSignature).toBe(expectedSignature);
    expect(timingSafeEqual(Buffer.from(receivedSignature), Buffer.from(expectedSignature))).toBe(true);
  });

  it('signs the timestamp too, so a replay with a new timestamp fails verification', () => {
    const target = { type: 'webhook' as const, url: 'http://receiver.local/', secret: SECRET };
    const first = webhook.build(breachNotification(), target, NOW_MS);
    const later = webhook.build(breachNotification(), target, NOW_MS + 600_000);
    // Same notification, different moment: the bodies differ only in sentAt, the signatures entirely.
    const replayed = webhook.webhookSignature(SECRET, later.headers['X-Slawatch-Timestamp']!, first.body);
    expect(replayed).not.toBe(first.headers['X-Slawatch-Signature']);
  });

  it('sends only the known breach fields, in a fixed order', () => {
    const breach = { recipientPhone: '13800001111', ...breachChange() };
    const request = webhook.build(
      breachNotification({ breach }),
      { type: 'webhook', url: 'http://r.local/', secret: SECRET },
      NOW_MS,
    );
    expect(request.body).not.toContain('13800001111');
    expect(request.body).toContain('"breach":{"breachId":"br-20261128-0001","status":"open"');
  });

  it('refuses a target without a long enough secret', () => {
    const result = webhook.WebhookTargetSchema.safeParse({
      type: 'webhook',
      url: 'https://r.example/',
      secret: 'short',
    });
    expect(result.success).toBe(false);
  });
});
