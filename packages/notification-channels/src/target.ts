import { problemsFrom, renderProblems } from '@slawatch/validation';
import { z } from 'zod';
import { AlertmanagerTargetSchema } from './channels/alertmanager.js';
import { DingTalkTargetSchema } from './channels/dingtalk.js';
import { FeishuTargetSchema } from './channels/feishu.js';
import { SlackTargetSchema } from './channels/slack.js';
import { WebhookTargetSchema } from './channels/webhook.js';
import { WeComTargetSchema } from './channels/wecom.js';

/** Where a notification goes; `type` picks the channel. */
export const TargetSchema = z.discriminatedUnion('type', [
  WebhookTargetSchema,
  AlertmanagerTargetSchema,
  SlackTargetSchema,
  DingTalkTargetSchema,
  FeishuTargetSchema,
  WeComTargetSchema,
]);
export type Target = z.output<typeof TargetSchema>;
/** A target as written in configuration, before defaults are filled in. */
export type TargetInput = z.input<typeof TargetSchema>;
export type ChannelType = Target['type'];

export class TargetConfigError extends Error {
  constructor(
    readonly where: string,
    readonly problems: ReturnType<typeof problemsFrom>,
  ) {
    super(`${where} is not a valid notification target:\n${renderProblems(problems)}`);
    this.name = 'TargetConfigError';
  }
}

/** Validates one target, naming `where` it came from and each problem's path. */
export function parseTarget(input: unknown, where: string): Target {
  const result = TargetSchema.safeParse(input);
  if (!result.success) throw new TargetConfigError(where, problemsFrom(result.error, input));
  return result.data;
}
