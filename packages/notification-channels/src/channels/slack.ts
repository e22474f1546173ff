import { z } from 'zod';
import type { Notification } from '../notification.js';
import { type MessageDocument, messageFor, type RenderOptions, type Tone } from '../render/document.js';
import {
  escapeSlack,
  slackFieldsText,
  slackItemsText,
  slackLink,
  slackNotesText,
} from '../render/slack-mrkdwn.js';
import { truncateCharacters } from '../render/utf8.js';
import { JSON_HEADERS, type OutgoingRequest } from '../request.js';
import { judgeByStatus } from '../send.js';
import { httpUrl } from './url.js';

export const SlackTargetSchema = z.strictObject({
  type: z.literal('slack'),
  /** The incoming-webhook URL; it is the credential, keep it secret. */
  url: httpUrl,
});
export type SlackTarget = z.infer<typeof SlackTargetSchema>;

// Slack rejects blocks over these sizes instead of cutting them.
const HEADER_MAX_CHARACTERS = 150;
const SECTION_MAX_CHARACTERS = 3000;
const TEXT_MAX_CHARACTERS = 3000;

const TONE_EMOJI: Record<Tone, string> = {
  critical: ':red_circle:',
  major: ':large_orange_circle:',
  minor: ':large_yellow_circle:',
  resolved: ':white_check_mark:',
};

type SlackBlock =
  | { type: 'header'; text: { type: 'plain_text'; text: string; emoji: true } }
  | { type: 'section'; text: { type: 'mrkdwn'; text: string } }
  | { type: 'context'; elements: Array<{ type: 'mrkdwn'; text: string }> };

function section(text: string): SlackBlock {
  return {
    type: 'section',
    text: { type: 'mrkdwn', text: truncateCharacters(text, SECTION_MAX_CHARACTERS) },
  };
}

export function blocksFor(message: MessageDocument): SlackBlock[] {
  const blocks: SlackBlock[] = [
    {
      type: 'header',
      text: {
        type: 'plain_text',
        text: truncateCharacters(`${TONE_EMOJI[message.tone]} ${message.title}`, HEADER_MAX_CHARACTERS),
        emoji: true,
      },
    },
  ];
  if (message.fields.length > 0) blocks.push(section(slackFieldsText(message)));
  for (const note of slackNotesText(message)) blocks.push(section(note));
  if (message.items.length > 0 || message.moreItems > 0) blocks.push(section(slackItemsText(message)));
  if (message.link !== undefined)
    blocks.push(section(`:point_right: ${slackLink(message.link.url, message.link.text)}`));
  blocks.push({ type: 'context', elements: [{ type: 'mrkdwn', text: escapeSlack(message.footer) }] });
  return blocks;
}

export function build(
  notification: Notification,
  target: SlackTarget,
  _nowMs: number,
  options: RenderOptions = {},
): OutgoingRequest {
  const message = messageFor(notification, options);
  // `text` is what notifications and screen readers show; the blocks are the message.
  const body = JSON.stringify({
    text: truncateCharacters(escapeSlack(message.title), TEXT_MAX_CHARACTERS),
    blocks: blocksFor(message),
  });
  return { url: target.url, method: 'POST', headers: { ...JSON_HEADERS }, body };
}

/** Slack answers `ok` with 200 and a short error word (e.g. `invalid_blocks`) otherwise. */
export const judgeReply = judgeByStatus;
