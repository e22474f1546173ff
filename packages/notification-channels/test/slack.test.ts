import { afterEach, describe, expect, it } from 'vitest';
import { send, slack } from '../src/index.js';
import { breachChange, breachNotification, digestNotification, NOW_MS } from './fixtures.js';
import { type LocalServer, startLocalServer } from './local-server.js';

let server: LocalServer | undefined;
afterEach(async () => {
  await server?.close();
  server = undefined;
});

describe('Slack incoming-webhook channel', () => {
  it('posts text and mrkdwn blocks to the webhook path', async () => {
    server = await startLocalServer(() => ({ status: 200, body: 'ok' }));
    const target = slack.SlackTargetSchema.parse({
      type: 'slack',
      url: `${server.origin}/services/T000/B000/XXXX`,
    });

    const result = await send(slack.build(breachNotification(), target, NOW_MS), {
      timeoutMs: 2000,
      judgeReply: slack.judgeReply,
    });

    expect(result).toEqual({ ok: true, status: 200 });
    const [request] = server.received;
    expect(request?.method).toBe('POST');
    expect(request?.target).toBe('/services/T000/B000/XXXX');
    expect(request?.headers['content-type']).toBe('application/json; charset=utf-8');
    const expected = JSON.stringify({
      text: '【紧急·违约】[critical · breach] 按时送达 Delivered on time — ST7700012345',
      blocks: [
        {
          type: 'header',
          text: {
            type: 'plain_text',
            text: ':red_circle: 【紧急·违约】[critical · breach] 按时送达 Delivered on time — ST7700012345',
            emoji: true,
          },
        },
        {
          type: 'section',
          text: {
            type: 'mrkdwn',
            text: [
              '*运单 Waybill:* ST7700012345',
              '*服务标准 Standard:* 按时送达 Delivered on time (delivered_on_time)',
              '*客户类型 Segment:* 大客户 key account',
              '*产品 Product:* 次日达 next day',
              '*线路 Route:* 跨省 inter-province',
              '*期限 Due:* 2026-11-29 00:00 (UTC+8)',
              '*发现时间 Detected:* 2026-11-29 02:15 (UTC+8)',
              '*超时 Lateness:* 超时 2小时15分 / 2 h 15 min late',
              '*升级 Escalation:* 第2级 / step 2',
              '*依据 Evidence:* evt-1, evt-2',
            ].join('\n'),
          },
        },
        {
          type: 'section',
          text: {
            type: 'mrkdwn',
            text: '*处理建议 What to do:*\n联系责任网点加急处理，优先安排派送，并主动告知客户预计送达时间。\nAsk the responsible outlet to expedite, give the parcel priority and tell the customer the new expected time.',
          },
        },
        {
          type: 'section',
          text: {
            type: 'mrkdwn',
            text: ':point_right: <https://ops.example.com/ack/br-20261128-0001?token=t1|确认处理 Acknowledge>',
          },
        },
        {
          type: 'context',
          elements: [{ type: 'mrkdwn', text: 'slawatch · 标准版本 standards 2026.11.1 · br-20261128-0001' }],
        },
      ],
    });
    expect(request?.body.equals(Buffer.from(expected, 'utf8'))).toBe(true);
  });

  it('escapes &, < and > so a title cannot inject a link or mention', () => {
    const notification = breachNotification({
      breach: breachChange({ title: 'A & B <!channel>', titleZh: undefined }),
      acknowledgeUrl: 'https://ops.example.com/ack?x=1|2',
    });
    const body = JSON.parse(
      slack.build(notification, { type: 'slack', url: 'https://hooks.example/' }, NOW_MS).body,
    );
    expect(body.text).toContain('A &amp; B &lt;!channel&gt;');
    // mrkdwn is where Slack reads markup; the header is plain_text and shows the title as written.
    const mrkdwnTexts = body.blocks.flatMap(
      (block: { type: string; text?: { type: string; text: string } }) =>
        block.text?.type === 'mrkdwn' ? [block.text.text] : [],
    );
    expect(mrkdwnTexts.join('\n')).toContain('A &amp; B &lt;!channel&gt;');
    expect(mrkdwnTexts.join('\n')).not.toContain('<!channel>');
    expect(body.blocks[0].text).toEqual({
      type: 'plain_text',
      text: ':red_circle: 【紧急·违约】[critical · breach] A & B <!channel> — ST7700012345',
      emoji: true,
    });
    expect(JSON.stringify(body)).toContain('<https://ops.example.com/ack?x=1%7C2|确认处理 Acknowledge>');
  });

  it('keeps every section within Slack’s 3000-character limit', () => {
    const notification = digestNotification(60, {});
    for (const breach of notification.breaches) breach.title = 'x'.repeat(200);
    const body = JSON.parse(
      slack.build(notification, { type: 'slack', url: 'https://hooks.example/' }, NOW_MS, { digestLimit: 60 })
        .body,
    );
    for (const block of body.blocks) {
      if (block.type === 'section') expect([...block.text.text].length).toBeLessThanOrEqual(3000);
      if (block.type === 'header') expect([...block.text.text].length).toBeLessThanOrEqual(150);
    }
  });

  it('reads a refusal from Slack as a failed delivery', async () => {
    server = await startLocalServer(() => ({ status: 400, body: 'invalid_blocks' }));
    const result = await send(
      slack.build(
        breachNotification(),
        { type: 'slack', url: `${server.origin}/services/T/B/secret-part` },
        NOW_MS,
      ),
      {
        timeoutMs: 2000,
        judgeReply: slack.judgeReply,
      },
    );
    expect(result.ok).toBe(false);
    expect(result.status).toBe(400);
    expect(result.error).toBe(`${server.origin}: HTTP 400: invalid_blocks`);
    expect(result.error).not.toContain('secret-part');
  });
});
