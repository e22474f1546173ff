import type { ReplyJudge } from '../request.js';
import { judgeByStatus } from '../send.js';

function parsedObject(body: string): Record<string, unknown> | undefined {
  try {
    const value: unknown = JSON.parse(body);
    return typeof value === 'object' && value !== null ? (value as Record<string, unknown>) : undefined;
  } catch {
    return undefined;
  }
}

/**
 * Chat robots answer HTTP 200 even when they refuse a message (bad signature,
 * rate limit, too long), with a code in the body: `codeField` must be 0.
 */
export function judgeByBodyCode(codeFields: readonly string[], messageFields: readonly string[]): ReplyJudge {
  return (status, body) => {
    const byStatus = judgeByStatus(status, body);
    if (byStatus !== undefined) return byStatus;
    const reply = parsedObject(body);
    if (reply === undefined) return `HTTP ${status} with an unreadable reply (expected JSON)`;
    const codeField = codeFields.find((field) => reply[field] !== undefined);
    const code = codeField === undefined ? undefined : reply[codeField];
    if (code === 0) return undefined;
    const messageField = messageFields.find((field) => typeof reply[field] === 'string');
    const message = messageField === undefined ? '' : ` ${String(reply[messageField])}`;
    return codeField === undefined
      ? `HTTP ${status} without a result code${message}`
      : `refused: ${codeField} ${String(code)}${message}`;
  };
}
