import { type MessageDocument, moreItemsLine } from './document.js';

export interface MarkdownOptions {
  /**
   * What separates lines. DingTalk joins single newlines into one paragraph,
   * so it needs a blank line; WeCom keeps single newlines, and bytes count there.
   */
  lineBreak: '\n' | '\n\n';
}

// Characters that would start markup in the markdown both robots understand
// (bold, links, headings, quotes, inline code, HTML-like tags).
const MARKDOWN_SPECIAL = /[\\`*[\]<>#]/g;

/** Text shown as written, not as markup. */
export function escapeMarkdown(text: string): string {
  return text.replace(/\s*\n\s*/g, ' ').replace(MARKDOWN_SPECIAL, (character) => `\\${character}`);
}

/** Parentheses and spaces would end a markdown link target early. */
export function markdownUrl(url: string): string {
  return url.replace(/[()\s<>]/g, (character) => encodeURIComponent(character));
}

/** Markdown subset shared by DingTalk and WeCom robots: heading, bold, list, link. */
export function toMarkdown(message: MessageDocument, options: MarkdownOptions): string {
  const lines = [`### ${escapeMarkdown(message.title)}`];
  for (const field of message.fields) {
    lines.push(`**${escapeMarkdown(field.label)}:** ${escapeMarkdown(field.value)}`);
  }
  for (const note of message.notes) {
    lines.push(`**${escapeMarkdown(note.heading)}:**`);
    for (const line of note.lines) lines.push(escapeMarkdown(line));
  }
  for (const item of message.items) lines.push(`- ${escapeMarkdown(item)}`);
  if (message.moreItems > 0) lines.push(escapeMarkdown(moreItemsLine(message.moreItems)));
  if (message.link !== undefined) {
    lines.push(`[${escapeMarkdown(message.link.text)}](${markdownUrl(message.link.url)})`);
  }
  lines.push(escapeMarkdown(message.footer));
  return lines.join(options.lineBreak);
}
