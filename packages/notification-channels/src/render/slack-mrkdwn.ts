import { type MessageDocument, moreItemsLine } from './document.js';

/** Slack's mrkdwn reserves only these three; everything else shows as written. */
export function escapeSlack(text: string): string {
  return text.replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;');
}

/** `<url|text>`: a `|` or `>` in the url would end it early. */
export function slackLink(url: string, text: string): string {
  const safeUrl = url.replace(/[|<>\s]/g, (character) => encodeURIComponent(character));
  return `<${safeUrl}|${escapeSlack(text)}>`;
}

export function slackFieldsText(message: MessageDocument): string {
  return message.fields
    .map((field) => `*${escapeSlack(field.label)}:* ${escapeSlack(field.value)}`)
    .join('\n');
}

export function slackNotesText(message: MessageDocument): string[] {
  return message.notes.map(
    (note) => `*${escapeSlack(note.heading)}:*\n${note.lines.map((line) => escapeSlack(line)).join('\n')}`,
  );
}

export function slackItemsText(message: MessageDocument): string {
  const lines = message.items.map((item) => `• ${escapeSlack(item)}`);
  if (message.moreItems > 0) lines.push(`_${escapeSlack(moreItemsLine(message.moreItems))}_`);
  return lines.join('\n');
}
