import { createHmac } from 'node:crypto';
import { afterEach, describe, expect, it } from 'vitest';
import { feishu, send } from '../src/index.js';
import { breachNotification, digestNotification, NOW_MS } from './fixtures.js';
import { type LocalServer, startLocalServer } from './local-server.js';

const SECRET = 'feishu-bot-secret';
const OK_REPLY = { status: 200, body: '{"code":0,"data":{},"msg":"success"}' };

let server: LocalServer | undefined;
afterEach(async () => {
  await server?.close();
  server = undefined;
});

/** Feishu's documented algorithm: the HMAC-SHA256 key is "<seconds>\n<secret>", the message empty; base64. */
function expectedSignature(timestampSeconds: string): string {
  const key = Buffer.from(`${timestampSeconds}\n${SECRET}`, 'utf8');
  return createHmac('sha256', key).update(Buffer.alloc(0)).digest().toString('base64');
}

describe('Feishu/Lark bot channel', () => {
  it('posts a signed interactive card', async () => {
    server = await startLocalServer(() => OK_REPLY);
    const target = feishu.FeishuTargetSchema.parse({
      type: 'feishu',
      url: `${server.origin}/open-apis/bot/v2/hook/hook-id-1`,
      secret: SECRET,
    });

    const result = await send(feishu.build(breachNotification(), target, NOW_MS), {
      timeoutMs: 2000,
      judgeReply: feishu.judgeReply,
    });

    expect(result).toEqual({ ok: true, status: 200 });
    const [request] = server.received;
    expect(request?.method).toBe('POST');
    expect(request?.target).toBe('/open-apis/bot/v2/hook/hook-id-1');
    expect(request?.headers['content-type']).toBe('application/json; charset=utf-8');
    const expected = JSON.stringify({
      timestamp: '1795890000',
      sign: expectedSignature('1795890000'),
      msg_type: 'interactive',
      card: {
        config: { wide_screen_mode: true },
        header: {
          template: 'red',
          title: {
            tag: 'plain_text',
            content: '【紧急·违约】[critical · breach] 按时送达 Delivered on time — ST7700012345',
          },
        },
        elements: [
          {
            tag: 'div',
            text: {
              tag: 'plain_text',
              content: [
                '运单 Waybill: ST7700012345',
                '服务标准 Standard: 按时送达 Delivered on time (delivered_on_time)',
                '客户类型 Segment: 大客户 key account',
                '产品 Product: 次日达 next day',
                '线路 Route: 跨省 inter-province',
                '期限 Due: 2026-11-29 00:00 (UTC+8)',
                '发现时间 Detected: 2026-11-29 02:15 (UTC+8)',
                '超时 Lateness: 超时 2小时15分 / 2 h 15 min late',
                '升级 Escalation: 第2级 / step 2',
                '依据 Evidence: evt-1, evt-2',
                '',
                '处理建议 What to do:',
                '联系责任网点加急处理，优先安排派送，并主动告知客户预计送达时间。',
                'Ask the responsible outlet to expedite, give the parcel priority and tell the customer the new expected time.',
              ].join('\n'),
            },
          },
          {
            tag: 'action',
            actions: [
              {
                tag: 'button',
                text: { tag: 'plain_text', content: '确认处理 Acknowledge' },
                type: 'danger',
                url: 'https://ops.example.com/ack/br-20261128-0001?token=t1',
              },
            ],
          },
          {
            tag: 'note',
            elements: [
              { tag: 'plain_text', content: 'slawatch · 标准版本 standards 2026.11.1 · br-20261128-0001' },
            ],
          },
        ],
      },
    });
    expect(request?.body.equals(Buffer.from(expected, 'utf8'))).toBe(true);
  });

  it('leaves timestamp and sign out when the bot has no secret', () => {
    const request = feishu.build(
      digestNotification(2),
      { type: 'feishu', url: 'https://open.feishu.cn/open-apis/bot/v2/hook/x' },
      NOW_MS,
    );
    const body = JSON.parse(request.body);
    expect(Object.keys(body)).toEqual(['msg_type', 'card']);
    expect(body.card.header.template).toBe('yellow');
  });

  it('treats a Feishu error code as a failed delivery', async () => {
    server = await startLocalServer(() => ({
      status: 200,
      body: '{"code":19021,"data":{},"msg":"sign match fail or timestamp is not within one hour from current time"}',
    }));
    const target = {
      type: 'feishu' as const,
      url: `${server.origin}/open-apis/bot/v2/hook/secret-hook`,
      secret: SECRET,
    };
    const result = await send(feishu.build(breachNotification(), target, NOW_MS), {
      timeoutMs: 2000,
      judgeReply: feishu.judgeReply,
    });
    expect(result.ok).toBe(false);
    expect(result.error).toBe(
      `${server.origin}: refused: code 19021 sign match fail or timestamp is not within one hour from current time`,
    );
    expect(result.error).not.toContain('secret-hook');
  });

  it('accepts the older StatusCode reply', () => {
    expect(feishu.judgeReply(200, '{"Extra":null,"StatusCode":0,"StatusMessage":"success"}')).toBeUndefined();
    expect(feishu.judgeReply(200, 'not json')).toBe('HTTP 200 with an unreadable reply (expected JSON)');
  });
});
