import { createHmac } from 'node:crypto';
import { afterEach, describe, expect, it } from 'vitest';
import { dingtalk, messageFor, send, toMarkdown } from '../src/index.js';
import { breachNotification, NOW_MS, resolvedNotification } from './fixtures.js';
import { type LocalServer, startLocalServer } from './local-server.js';

const SECRET = 'SECdingtalk-test-secret-0123456789';
const OK_REPLY = { status: 200, body: '{"errcode":0,"errmsg":"ok"}' };

let server: LocalServer | undefined;
afterEach(async () => {
  await server?.close();
  server = undefined;
});

/** DingTalk's documented algorithm, step by step: HMAC-SHA256(key=secret, "<ms>\n<secret>"), base64. */
function expectedSignature(timestampMs: string): string {
  const stringToSign = `${timestampMs}\n${SECRET}`;
  const mac = createHmac('sha256', Buffer.from(SECRET, 'utf8'));
  mac.update(Buffer.from(stringToSign, 'utf8'));
  return mac.digest().toString('base64');
}

describe('DingTalk robot channel', () => {
  it('appends timestamp and URL-encoded sign, and posts markdown', async () => {
    server = await startLocalServer(() => OK_REPLY);
    const notification = breachNotification();
    const target = dingtalk.DingTalkTargetSchema.parse({
      type: 'dingtalk',
      url: `${server.origin}/robot/send?access_token=tok123`,
      secret: SECRET,
    });

    const result = await send(dingtalk.build(notification, target, NOW_MS), {
      timeoutMs: 2000,
      judgeReply: dingtalk.judgeReply,
    });

    expect(result).toEqual({ ok: true, status: 200 });
    const [request] = server.received;
    expect(request?.method).toBe('POST');
    const base64 = expectedSignature('1795890000000');
    // This fixed moment's signature contains '+' and '/', so it only matches if URL-encoded.
    expect(base64).toMatch(/[+/]/);
    const encoded = base64.replace(/\+/g, '%2B').replace(/\//g, '%2F').replace(/=/g, '%3D');
    expect(request?.target).toBe(`/robot/send?access_token=tok123&timestamp=1795890000000&sign=${encoded}`);
    const query = new URL(request!.target, 'http://x').searchParams;
    expect(query.get('sign')).toBe(base64);

    const expectedBody = JSON.stringify({
      msgtype: 'markdown',
      markdown: {
        title: '【紧急·违约】[critical · breach] 按时送达 Delivered on time — ST7700012345',
        text: toMarkdown(messageFor(notification), { lineBreak: '\n\n' }),
      },
    });
    expect(request?.body.equals(Buffer.from(expectedBody, 'utf8'))).toBe(true);
    const text = JSON.parse(request!.body.toString('utf8')).markdown.text as string;
    expect(
      text.startsWith(
        '### 【紧急·违约】[critical · breach] 按时送达 Delivered on time — ST7700012345\n\n**运单 Waybill:** ST7700012345\n\n',
      ),
    ).toBe(true);
    expect(text).toContain(
      '\n\n[确认处理 Acknowledge](https://ops.example.com/ack/br-20261128-0001?token=t1)\n\n',
    );
  });

  it('sends the URL unchanged without a secret, and mentions on-call staff', async () => {
    server = await startLocalServer(() => OK_REPLY);
    const target = dingtalk.DingTalkTargetSchema.parse({
      type: 'dingtalk',
      url: `${server.origin}/robot/send?access_token=tok123`,
      atUserIds: ['oncall-wang'],
    });

    const result = await send(dingtalk.build(resolvedNotification(), target, NOW_MS), {
      timeoutMs: 2000,
      judgeReply: dingtalk.judgeReply,
    });

    expect(result.ok).toBe(true);
    const [request] = server.received;
    expect(request?.target).toBe('/robot/send?access_token=tok123');
    const body = JSON.parse(request!.body.toString('utf8'));
    expect(Object.keys(body)).toEqual(['msgtype', 'markdown', 'at']);
    expect(body.at).toEqual({ atUserIds: ['oncall-wang'], isAtAll: false });
    expect(body.markdown.text.endsWith('\n\n@oncall-wang')).toBe(true);
  });

  it('treats an HTTP 200 carrying an error code as a failed delivery, without leaking the token', async () => {
    server = await startLocalServer(() => ({
      status: 200,
      body: '{"errcode":310000,"errmsg":"sign not match"}',
    }));
    const target = dingtalk.DingTalkTargetSchema.parse({
      type: 'dingtalk',
      url: `${server.origin}/robot/send?access_token=tok123`,
      secret: SECRET,
    });
    const result = await send(dingtalk.build(breachNotification(), target, NOW_MS), {
      timeoutMs: 2000,
      judgeReply: dingtalk.judgeReply,
    });
    expect(result).toEqual({
      ok: false,
      status: 200,
      error: `${server.origin}: refused: errcode 310000 sign not match`,
    });
    expect(result.error).not.toContain('tok123');
  });

  it('requires the robot URL with its access token', () => {
    const result = dingtalk.DingTalkTargetSchema.safeParse({
      type: 'dingtalk',
      url: 'https://oapi.dingtalk.com/robot/send',
    });
    expect(result.success).toBe(false);
    if (!result.success) expect(result.error.issues[0]?.message).toContain('access_token');
  });
});
