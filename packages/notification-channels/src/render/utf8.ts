const encoder = new TextEncoder();

export function utf8Length(text: string): number {
  return encoder.encode(text).length;
}

/**
 * Cuts `text` to at most `maxBytes` UTF-8 bytes, ending with `ellipsis` when
 * anything was cut. Works on whole code points, so a multi-byte character
 * (Chinese, emoji) is never split into invalid bytes.
 */
export function truncateUtf8(text: string, maxBytes: number, ellipsis = '…'): string {
  if (utf8Length(text) <= maxBytes) return text;
  const budget = maxBytes - utf8Length(ellipsis);
  if (budget < 0) return '';
  let used = 0;
  let kept = '';
  for (const character of text) {
    const size = utf8Length(character);
    if (used + size > budget) break;
    used += size;
    kept += character;
  }
  return kept + ellipsis;
}

/** Cuts to at most `maxCharacters` code points (Slack counts characters, not bytes). */
export function truncateCharacters(text: string, maxCharacters: number, ellipsis = '…'): string {
  const characters = [...text];
  if (characters.length <= maxCharacters) return text;
  return characters.slice(0, Math.max(0, maxCharacters - [...ellipsis].length)).join('') + ellipsis;
}
