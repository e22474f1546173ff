import { z } from 'zod';
import type { Notification } from '../notification.js';
import { limitItems, type MessageDocument, messageFor, type RenderOptions } from '../render/document.js';
import { escapeMarkdown, markdownUrl, toMarkdown } from '../render/markdown.js';
import { truncateUtf8, utf8Length } from '../render/utf8.js';
import { JSON_HEADERS, type OutgoingRequest } from '../request.js';
import { judgeByBodyCode } from './reply.js';
import { robotUrl } from './url.js';

export const WeComTargetSchema = z.strictObject({
  type: z.literal('wecom'),
  /** `https://qyapi.weixin.qq.com/cgi-bin/webhook/send?key=…` as shown when the robot was added. */
  url: robotUrl('key'),
  /** WeCom user ids to mention with `<@userid>` (on-call staff, not customers). */
  mentionUserIds: z.array(z.string().min(1)).default([]),
});
export type WeComTarget = z.output<typeof WeComTargetSchema>;

/** WeCom rejects markdown content over 4096 bytes of UTF-8. */
export const WECOM_MAX_CONTENT_BYTES = 4096;

function render(message: MessageDocument, mentions: string): string {
  return toMarkdown(message, { lineBreak: '\n' }) + mentions;
}

/**
 * Fits the content into the byte limit without breaking it: a digest first
 * lists fewer breaches (the rest become the "N more" line); anything still
 * too long is cut on a character boundary with an ellipsis, keeping the
 * acknowledge link and mentions, which are what the reader must act on.
 */
export function fitContent(message: MessageDocument, mentions: string, maxBytes: number): string {
  const full = render(message, mentions);
  if (utf8Length(full) <= maxBytes) return full;
  for (let shown = message.items.length - 1; shown >= 0; shown--) {
    const shorter = render(limitItems(message, shown), mentions);
    if (utf8Length(shorter) <= maxBytes) return shorter;
  }
  const withoutItems = limitItems(message, 0);
  const link =
    withoutItems.link === undefined
      ? ''
      : `\n[${escapeMarkdown(withoutItems.link.text)}](${markdownUrl(withoutItems.link.url)})`;
  const tail = link + mentions;
  const head = toMarkdown({ ...withoutItems, link: undefined }, { lineBreak: '\n' });
  const fitted = truncateUtf8(head, Math.max(0, maxBytes - utf8Length(tail))) + tail;
  // Only a mention list longer than the limit itself gets here; the limit still holds.
  return truncateUtf8(fitted, maxBytes);
}

export function build(
  notification: Notification,
  target: WeComTarget,
  _nowMs: number,
  options: RenderOptions = {},
): OutgoingRequest {
  const message = messageFor(notification, options);
  const mentions =
    target.mentionUserIds.length === 0
      ? ''
      : `\n${target.mentionUserIds.map((id) => `<@${id.replace(/[<>]/g, '')}>`).join(' ')}`;
  const content = fitContent(message, mentions, WECOM_MAX_CONTENT_BYTES);
  return {
    url: target.url,
    method: 'POST',
    headers: { ...JSON_HEADERS },
    body: JSON.stringify({ msgtype: 'markdown', markdown: { content } }),
  };
}

/** `{"errcode":0,"errmsg":"ok"}` on success; 40058 when the content is too long. */
export const judgeReply = judgeByBodyCode(['errcode'], ['errmsg']);
