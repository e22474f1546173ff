import { request as httpRequest } from 'undici';
import type { DeliveryResult, OutgoingRequest, ReplyJudge } from './request.js';

export interface SendOptions {
  /** Covers connecting, sending and reading the whole reply. */
  timeoutMs: number;
  /** How to read the reply; by default any 2xx status means delivered. */
  judgeReply?: ReplyJudge;
}

const REPLY_EXCERPT_CHARACTERS = 200;

/** Any 2xx is a delivery; the reply body is quoted (briefly) otherwise. */
export const judgeByStatus: ReplyJudge = (status, body) =>
  status >= 200 && status < 300 ? undefined : `HTTP ${status}${excerpt(body)}`;

/**
 * Sends a request built by a channel. Never throws: every failure (refused
 * connection, timeout, non-2xx reply, provider error code) comes back as
 * `{ ok: false, error }` so the escalation queue can decide to retry.
 */
export async function send(request: OutgoingRequest, options: SendOptions): Promise<DeliveryResult> {
  const judge = options.judgeReply ?? judgeByStatus;
  // Webhook URLs carry their credentials (Slack and Feishu in the path,
  // DingTalk and WeCom in the query), so errors name only the origin.
  const where = originOf(request.url);
  let status = 0;
  // One timer for connecting, sending and reading the whole reply. undici's
  // request, not fetch: a page is sent per breach, and fetch's WHATWG streams
  // and per-call AbortSignal.timeout cost a fifth of the escalation's CPU.
  const controller = new AbortController();
  const timer = setTimeout(() => controller.abort(new TimeoutError(options.timeoutMs)), options.timeoutMs);
  try {
    // Redirects are not followed: a redirected POST would silently turn into a GET.
    const response = await httpRequest(request.url, {
      method: request.method,
      headers: request.headers,
      body: request.body,
      signal: controller.signal,
    });
    status = response.statusCode;
    const body = await response.body.text();
    if (status >= 300 && status < 400) {
      return { ok: false, status, error: `${where} redirected (HTTP ${status}); check the target url` };
    }
    const failure = judge(status, body);
    return failure === undefined
      ? { ok: true, status }
      : { ok: false, status, error: `${where}: ${failure}` };
  } catch (error) {
    return { ok: false, status, error: describeFailure(error, where, options.timeoutMs) };
  } finally {
    clearTimeout(timer);
  }
}

class TimeoutError extends Error {
  override readonly name = 'TimeoutError';
  constructor(timeoutMs: number) {
    super(`no complete answer within ${timeoutMs} ms`);
  }
}

function describeFailure(error: unknown, where: string, timeoutMs: number): string {
  if (error instanceof Error && (error.name === 'TimeoutError' || error.name === 'AbortError')) {
    return `no complete answer from ${where} within ${timeoutMs} ms`;
  }
  // undici puts a socket error's code on the error itself; fetch put it on its cause.
  const cause =
    error instanceof Error
      ? ((error.cause ?? error) as { code?: unknown; message?: unknown } | undefined)
      : undefined;
  const reason =
    typeof cause?.code === 'string'
      ? cause.code
      : typeof cause?.message === 'string'
        ? cause.message
        : error instanceof Error
          ? error.message
          : String(error);
  return `could not deliver to ${where}: ${reason}`;
}

function originOf(url: string): string {
  try {
    return new URL(url).origin;
  } catch {
    return 'an invalid url';
  }
}

function excerpt(body: string): string {
  const trimmed = body.trim();
  if (trimmed === '') return '';
  const short = [...trimmed].slice(0, REPLY_EXCERPT_CHARACTERS).join('');
  return `: ${short}${short.length < trimmed.length ? '…' : ''}`;
}
