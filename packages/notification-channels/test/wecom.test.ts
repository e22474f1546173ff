import { afterEach, describe, expect, it } from 'vitest';
import { limitItems, messageFor, send, toMarkdown, wecom } from '../src/index.js';
import { breachChange, breachNotification, digestNotification, NOW_MS } from './fixtures.js';
import { type LocalServer, startLocalServer } from './local-server.js';

const OK_REPLY = { status: 200, body: '{"errcode":0,"errmsg":"ok"}' };
const strictUtf8 = new TextDecoder('utf-8', { fatal: true });

let server: LocalServer | undefined;
afterEach(async () => {
  await server?.close();
  server = undefined;
});

function contentOf(body: string): string {
  return JSON.parse(body).markdown.content as string;
}

describe('WeCom group robot channel', () => {
  it('posts markdown content to the robot URL', async () => {
    server = await startLocalServer(() => OK_REPLY);
    const target = wecom.WeComTargetSchema.parse({
      type: 'wecom',
      url: `${server.origin}/cgi-bin/webhook/send?key=robot-key-1`,
      mentionUserIds: ['wangwei'],
    });

    const result = await send(wecom.build(breachNotification(), target, NOW_MS), {
      timeoutMs: 2000,
      judgeReply: wecom.judgeReply,
    });

    expect(result).toEqual({ ok: true, status: 200 });
    const [request] = server.received;
    expect(request?.method).toBe('POST');
    expect(request?.target).toBe('/cgi-bin/webhook/send?key=robot-key-1');
    expect(request?.headers['content-type']).toBe('application/json; charset=utf-8');
    const content = [
      '### 【紧急·违约】[critical · breach] 按时送达 Delivered on time — ST7700012345',
      '**运单 Waybill:** ST7700012345',
      '**服务标准 Standard:** 按时送达 Delivered on time (delivered_on_time)',
      '**客户类型 Segment:** 大客户 key account',
      '**产品 Product:** 次日达 next day',
      '**线路 Route:** 跨省 inter-province',
      '**期限 Due:** 2026-11-29 00:00 (UTC+8)',
      '**发现时间 Detected:** 2026-11-29 02:15 (UTC+8)',
      '**超时 Lateness:** 超时 2小时15分 / 2 h 15 min late',
      '**升级 Escalation:** 第2级 / step 2',
      '**依据 Evidence:** evt-1, evt-2',
      '**处理建议 What to do:**',
      '联系责任网点加急处理，优先安排派送，并主动告知客户预计送达时间。',
      'Ask the responsible outlet to expedite, give the parcel priority and tell the customer the new expected time.',
      '[确认处理 Acknowledge](https://ops.example.com/ack/br-20261128-0001?token=t1)',
      'slawatch · 标准版本 standards 2026.11.1 · br-20261128-0001',
      '<@wangwei>',
    ].join('\n');
    const expected = JSON.stringify({ msgtype: 'markdown', markdown: { content } });
    expect(request?.body.equals(Buffer.from(expected, 'utf8'))).toBe(true);
  });

  it('fits a long Chinese digest into 4096 bytes by listing fewer and counting the rest', () => {
    const digest = digestNotification(80);
    for (const breach of digest.breaches) breach.title = '揽收及时率（电商平台商家，承诺两小时内上门）';
    const request = wecom.build(
      digest,
      { type: 'wecom', url: 'https://qyapi.example/send?key=k', mentionUserIds: [] },
      NOW_MS,
      {
        digestLimit: 80,
      },
    );
    const content = contentOf(request.body);
    const bytes = Buffer.from(content, 'utf8');

    expect(bytes.length).toBeLessThanOrEqual(wecom.WECOM_MAX_CONTENT_BYTES);
    expect(strictUtf8.decode(bytes)).toBe(content);
    const listed = content.split('\n').filter((line) => line.startsWith('- ')).length;
    expect(listed).toBeGreaterThan(0);
    expect(listed).toBeLessThan(80);
    expect(content).toContain(`…另有 ${80 - listed} 项未列出 / and ${80 - listed} more`);
    // The link to act on survives the cut.
    expect(content).toContain('[查看并确认 Review and acknowledge](https://ops.example.com/ack/digest-7)');
    // Listing one more would not have fitted: the cut is as small as it can be.
    const oneMore = toMarkdown(limitItems(messageFor(digest, { digestLimit: 80 }), listed + 1), {
      lineBreak: '\n',
    });
    expect(Buffer.byteLength(oneMore, 'utf8')).toBeGreaterThan(wecom.WECOM_MAX_CONTENT_BYTES);
  });

  it('cuts an over-long message on a character boundary, ending with an ellipsis and keeping the link', () => {
    const title = '超'.repeat(1000) + '🚚'.repeat(500);
    const notification = breachNotification({ breach: breachChange({ title, titleZh: undefined }) });
    const content = contentOf(
      wecom.build(
        notification,
        { type: 'wecom', url: 'https://qyapi.example/send?key=k', mentionUserIds: ['li'] },
        NOW_MS,
      ).body,
    );
    const bytes = Buffer.from(content, 'utf8');

    expect(bytes.length).toBeLessThanOrEqual(4096);
    expect(bytes.length).toBeGreaterThan(4096 - 4);
    expect(strictUtf8.decode(bytes)).toBe(content);
    expect(
      content.endsWith(
        '…\n[确认处理 Acknowledge](https://ops.example.com/ack/br-20261128-0001?token=t1)\n<@li>',
      ),
    ).toBe(true);
  });

  it('reports a WeCom refusal as a failed delivery without leaking the key', async () => {
    server = await startLocalServer(() => ({
      status: 200,
      body: '{"errcode":93000,"errmsg":"invalid webhook url"}',
    }));
    const result = await send(
      wecom.build(
        breachNotification(),
        { type: 'wecom', url: `${server.origin}/send?key=robot-key-2`, mentionUserIds: [] },
        NOW_MS,
      ),
      { timeoutMs: 2000, judgeReply: wecom.judgeReply },
    );
    expect(result).toEqual({
      ok: false,
      status: 200,
      error: `${server.origin}: refused: errcode 93000 invalid webhook url`,
    });
  });
});
