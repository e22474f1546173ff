import type { Notification } from '../notification.js';
import type { RenderOptions } from '../render/document.js';
import type { DeliveryResult, OutgoingRequest, ReplyJudge } from '../request.js';
import { send } from '../send.js';
import type { Target } from '../target.js';
import * as alertmanager from './alertmanager.js';
import * as dingtalk from './dingtalk.js';
import * as feishu from './feishu.js';
import * as slack from './slack.js';
import * as webhook from './webhook.js';
import * as wecom from './wecom.js';

/** The exact request a target receives for a notification at `nowMs` (pure). */
export function buildRequest(
  notification: Notification,
  target: Target,
  nowMs: number,
  renderOptions: RenderOptions = {},
): OutgoingRequest {
  const options = { ...renderOptions, nowMs: renderOptions.nowMs ?? nowMs };
  switch (target.type) {
    case 'webhook':
      return webhook.build(notification, target, nowMs, options);
    case 'alertmanager':
      return alertmanager.build(notification, target, nowMs, options);
    case 'slack':
      return slack.build(notification, target, nowMs, options);
    case 'dingtalk':
      return dingtalk.build(notification, target, nowMs, options);
    case 'feishu':
      return feishu.build(notification, target, nowMs, options);
    case 'wecom':
      return wecom.build(notification, target, nowMs, options);
  }
}

/** How to tell from the reply whether this channel accepted the message. */
export function replyJudgeFor(target: Target): ReplyJudge {
  switch (target.type) {
    case 'webhook':
      return webhook.judgeReply;
    case 'alertmanager':
      return alertmanager.judgeReply;
    case 'slack':
      return slack.judgeReply;
    case 'dingtalk':
      return dingtalk.judgeReply;
    case 'feishu':
      return feishu.judgeReply;
    case 'wecom':
      return wecom.judgeReply;
  }
}

export interface DeliverOptions extends RenderOptions {
  nowMs: number;
  timeoutMs: number;
}

/** Builds and sends one notification; like send(), never throws. */
export async function deliver(
  notification: Notification,
  target: Target,
  options: DeliverOptions,
): Promise<DeliveryResult> {
  let request: OutgoingRequest;
  try {
    request = buildRequest(notification, target, options.nowMs, options);
  } catch (error) {
    return { ok: false, status: 0, error: `could not build the ${target.type} request: ${String(error)}` };
  }
  return send(request, { timeoutMs: options.timeoutMs, judgeReply: replyJudgeFor(target) });
}
