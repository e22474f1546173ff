import { type MessageDocument, moreItemsLine } from './document.js';

/** For receivers without markup: generic webhooks, Alertmanager descriptions, chat previews. */
export function toPlainText(message: MessageDocument): string {
  const lines = [message.title];
  for (const field of message.fields) lines.push(`${field.label}: ${field.value}`);
  for (const note of message.notes) {
    lines.push(`${note.heading}:`);
    for (const line of note.lines) lines.push(`  ${line}`);
  }
  for (const item of message.items) lines.push(`- ${item}`);
  if (message.moreItems > 0) lines.push(moreItemsLine(message.moreItems));
  if (message.link !== undefined) lines.push(`${message.link.text}: ${message.link.url}`);
  lines.push(message.footer);
  return lines.join('\n');
}
