/** An HTTP request fully determined by a channel's build(); send() puts it on the wire unchanged. */
export interface OutgoingRequest {
  url: string;
  method: 'POST';
  headers: Record<string, string>;
  body: string;
}

/** The outcome of one delivery attempt; retrying is the caller's decision. */
export interface DeliveryResult {
  ok: boolean;
  /** HTTP status, or 0 when no answer was received. */
  status: number;
  error?: string;
}

/**
 * Some providers answer HTTP 200 and put the failure in the body. Returns a
 * description of the failure, or undefined when the reply means delivered.
 */
export type ReplyJudge = (status: number, body: string) => string | undefined;

export const JSON_HEADERS: Readonly<Record<string, string>> = {
  'Content-Type': 'application/json; charset=utf-8',
  'User-Agent': 'slawatch-notification-channels/1',
};
