import { createHmac } from 'node:crypto';
import { z } from 'zod';
import type { Notification } from '../notification.js';
import { messageFor, type RenderOptions } from '../render/document.js';
import { escapeMarkdown, toMarkdown } from '../render/markdown.js';
import { JSON_HEADERS, type OutgoingRequest } from '../request.js';
import { judgeByBodyCode } from './reply.js';
import { robotUrl } from './url.js';

export const DingTalkTargetSchema = z.strictObject({
  type: z.literal('dingtalk'),
  /** `https://oapi.dingtalk.com/robot/send?access_token=…` as shown when the robot was added. */
  url: robotUrl('access_token'),
  /** The robot's signing secret (`SEC…`), when its security setting is 加签 (signature). */
  secret: z.string().min(1).optional(),
  /** DingTalk user ids to mention (on-call staff, not customers). */
  atUserIds: z.array(z.string().min(1)).default([]),
  atAll: z.boolean().default(false),
});
export type DingTalkTarget = z.output<typeof DingTalkTargetSchema>;

/**
 * DingTalk's robot signature: HMAC-SHA256 keyed with the secret over
 * `<timestamp ms>\n<secret>`, base64, then URL-encoded for the query.
 */
export function dingTalkSign(secret: string, timestampMs: number): string {
  const digest = createHmac('sha256', secret).update(`${timestampMs}\n${secret}`, 'utf8').digest('base64');
  return encodeURIComponent(digest);
}

export function signedUrl(url: string, secret: string | undefined, nowMs: number): string {
  if (secret === undefined) return url;
  const timestampMs = Math.floor(nowMs);
  const separator = url.includes('?') ? '&' : '?';
  return `${url}${separator}timestamp=${timestampMs}&sign=${dingTalkSign(secret, timestampMs)}`;
}

export function build(
  notification: Notification,
  target: DingTalkTarget,
  nowMs: number,
  options: RenderOptions = {},
): OutgoingRequest {
  const message = messageFor(notification, options);
  let text = toMarkdown(message, { lineBreak: '\n\n' });
  // DingTalk only highlights a mention that also appears in the text.
  if (target.atUserIds.length > 0) {
    text += `\n\n${target.atUserIds.map((id) => `@${escapeMarkdown(id)}`).join(' ')}`;
  }
  const payload: Record<string, unknown> = {
    msgtype: 'markdown',
    markdown: { title: message.title, text },
  };
  if (target.atUserIds.length > 0 || target.atAll) {
    payload['at'] = { atUserIds: target.atUserIds, isAtAll: target.atAll };
  }
  return {
    url: signedUrl(target.url, target.secret, nowMs),
    method: 'POST',
    headers: { ...JSON_HEADERS },
    body: JSON.stringify(payload),
  };
}

/** `{"errcode":0,"errmsg":"ok"}` on success; e.g. 310000 for a bad signature. */
export const judgeReply = judgeByBodyCode(['errcode'], ['errmsg']);
