import { createHmac } from 'node:crypto';
import { z } from 'zod';
import type { Notification } from '../notification.js';
import {
  type MessageDocument,
  messageFor,
  moreItemsLine,
  type RenderOptions,
  type Tone,
} from '../render/document.js';
import { JSON_HEADERS, type OutgoingRequest } from '../request.js';
import { judgeByBodyCode } from './reply.js';
import { httpUrl } from './url.js';

export const FeishuTargetSchema = z.strictObject({
  type: z.literal('feishu'),
  /** `https://open.feishu.cn/open-apis/bot/v2/hook/…` (or the larksuite.com equivalent). */
  url: httpUrl,
  /** The bot's signing secret, when its security setting is 签名校验 (signature). */
  secret: z.string().min(1).optional(),
});
export type FeishuTarget = z.infer<typeof FeishuTargetSchema>;

/**
 * Feishu's quirk: the HMAC-SHA256 *key* is `<timestamp s>\n<secret>` and the
 * message is empty; the result is base64 (not URL-encoded: it goes in the body).
 */
export function feishuSign(secret: string, timestampSeconds: number): string {
  return createHmac('sha256', `${timestampSeconds}\n${secret}`).update('').digest('base64');
}

const TONE_TEMPLATE: Record<Tone, string> = {
  critical: 'red',
  major: 'orange',
  minor: 'yellow',
  resolved: 'green',
};

// Plain text everywhere: card markdown has no documented escape for every
// special character, and a standard title must show exactly as written.
function plain(content: string) {
  return { tag: 'plain_text', content };
}

function bodyText(message: MessageDocument): string {
  const lines = message.fields.map((field) => `${field.label}: ${field.value}`);
  for (const note of message.notes) lines.push('', `${note.heading}:`, ...note.lines);
  if (message.items.length > 0) lines.push(...message.items.map((item) => `• ${item}`));
  if (message.moreItems > 0) lines.push(moreItemsLine(message.moreItems));
  return lines.join('\n');
}

export function cardFor(message: MessageDocument): Record<string, unknown> {
  const elements: unknown[] = [{ tag: 'div', text: plain(bodyText(message)) }];
  if (message.link !== undefined) {
    elements.push({
      tag: 'action',
      actions: [
        {
          tag: 'button',
          text: plain(message.link.text),
          type: message.tone === 'critical' ? 'danger' : 'primary',
          url: message.link.url,
        },
      ],
    });
  }
  elements.push({ tag: 'note', elements: [plain(message.footer)] });
  return {
    config: { wide_screen_mode: true },
    header: { template: TONE_TEMPLATE[message.tone], title: plain(message.title) },
    elements,
  };
}

export function build(
  notification: Notification,
  target: FeishuTarget,
  nowMs: number,
  options: RenderOptions = {},
): OutgoingRequest {
  const message = messageFor(notification, options);
  const payload: Record<string, unknown> = {};
  if (target.secret !== undefined) {
    const timestampSeconds = Math.floor(nowMs / 1000);
    payload['timestamp'] = String(timestampSeconds);
    payload['sign'] = feishuSign(target.secret, timestampSeconds);
  }
  payload['msg_type'] = 'interactive';
  payload['card'] = cardFor(message);
  return { url: target.url, method: 'POST', headers: { ...JSON_HEADERS }, body: JSON.stringify(payload) };
}

/** `{"code":0,...}` on success (older bots: `StatusCode`); 19021 is a bad signature. */
export const judgeReply = judgeByBodyCode(['code', 'StatusCode'], ['msg', 'StatusMessage']);
