import { type MessageDocument, moreItemsLine } from './document.js';

export interface MarkdownOptions {
  /**
   * What separates lines. DingTalk joins single newlines into one paragraph,
   * so it needs a blank line; WeCom keeps single newlines, and bytes count there.
   */
  lineBreak: '\n' | '\n\n';
}

// Only what would otherwise turn into markup in the robots' markdown: bold and
// italic stars, inline code, HTML-like tags (WeCom's <font>, <@userid>), the
// end of a link text, and a heading or quote at the start of a line.
const INLINE_SPECIAL = /[\\`*<>]|\](?=\()/g;
const LINE_START_SPECIAL = /^[#>]/;

/** Text shown as written, not as markup; a value never spans lines. */
export function escapeMarkdown(text: string): string {
  return text
    .replace(/\s*\n\s*/g, ' ')
    .replace(INLINE_SPECIAL, (special) => `\\${special}`)
    .replace(LINE_START_SPECIAL, (special) => `\\${special}`);
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
