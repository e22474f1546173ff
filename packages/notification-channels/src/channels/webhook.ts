import { createHmac } from 'node:crypto';
import { z } from 'zod';
import { IDEMPOTENCY_HEADER, idempotencyKey } from '../idempotency-key.js';
import { canonicalNotification, type Notification } from '../notification.js';
import { messageFor, type RenderOptions } from '../render/document.js';
import { toPlainText } from '../render/plain-text.js';
import { JSON_HEADERS, type OutgoingRequest } from '../request.js';
import { judgeByStatus } from '../send.js';
import { httpUrl } from './url.js';

export const WebhookTargetSchema = z.strictObject({
  type: z.literal('webhook'),
  url: httpUrl,
  /** Shared with the receiver, which recomputes the signature. */
  secret: z.string().min(16, 'expected a secret of at least 16 characters'),
});
export type WebhookTarget = z.infer<typeof WebhookTargetSchema>;

export const SIGNATURE_HEADER = 'X-Slawatch-Signature';
export const TIMESTAMP_HEADER = 'X-Slawatch-Timestamp';

/** The stable body every generic webhook receives (see docs/notification-channels.md). */
export interface WebhookBody {
  version: 1;
  sentAt: string;
  notification: Notification;
  message: { title: string; text: string };
}

/**
 * Signs `<timestamp>.<raw body>`: binding the timestamp into the signature
 * lets a receiver reject a captured request replayed later.
 */
export function webhookSignature(secret: string, timestamp: string, body: string): string {
  return `sha256=${createHmac('sha256', secret).update(`${timestamp}.${body}`, 'utf8').digest('hex')}`;
}

export function build(
  notification: Notification,
  target: WebhookTarget,
  nowMs: number,
  options: RenderOptions = {},
): OutgoingRequest {
  const message = messageFor(notification, options);
  const payload: WebhookBody = {
    version: 1,
    sentAt: new Date(nowMs).toISOString(),
    notification: canonicalNotification(notification),
    message: { title: message.title, text: toPlainText(message) },
  };
  const body = JSON.stringify(payload);
  const timestamp = String(Math.floor(nowMs / 1000));
  return {
    url: target.url,
    method: 'POST',
    headers: {
      ...JSON_HEADERS,
      [TIMESTAMP_HEADER]: timestamp,
      [SIGNATURE_HEADER]: webhookSignature(target.secret, timestamp, body),
      // The same on a redelivery (the signature is not: it binds the send time): receivers dedupe on it.
      [IDEMPOTENCY_HEADER]: idempotencyKey(notification),
    },
    body,
  };
}

export const judgeReply = judgeByStatus;
