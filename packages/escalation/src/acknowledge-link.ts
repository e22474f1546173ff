import { createHmac, timingSafeEqual } from 'node:crypto';
import { encodeBreachId } from './job-id.js';

/**
 * A link in a message that lets its reader acknowledge one breach without a
 * token: HMAC-SHA256 over the breach id and an expiry, so it cannot be forged
 * for another breach or used after it expires. Opening it (GET) only opens the
 * console on the breach, because chat apps fetch links to preview them.
 */
export class AcknowledgeLinks {
  constructor(
    private readonly publicUrl: string,
    private readonly secret: string,
    private readonly validForMs: number,
  ) {}

  signature(breachId: string, expiresAtSeconds: number): string {
    return createHmac('sha256', this.secret).update(`${breachId}\n${expiresAtSeconds}`).digest('hex');
  }

  linkFor(breachId: string, nowMs: number): string {
    const expires = Math.floor((nowMs + this.validForMs) / 1000);
    const base = this.publicUrl.replace(/\/+$/, '');
    return `${base}/ack/${encodeBreachId(breachId)}?expires=${expires}&signature=${this.signature(breachId, expires)}`;
  }

  /** Signs `incident:<id>`, which no breach id can be (a breach id has four parts). */
  incidentLinkFor(incidentId: string, nowMs: number): string {
    const expires = Math.floor((nowMs + this.validForMs) / 1000);
    const base = this.publicUrl.replace(/\/+$/, '');
    return `${base}/ack/incident/${incidentId}?expires=${expires}&signature=${this.signature(`incident:${incidentId}`, expires)}`;
  }

  verify(
    breachId: string,
    expires: number,
    signature: string,
    nowMs: number,
  ): 'valid' | 'expired' | 'invalid' {
    const expected = Buffer.from(this.signature(breachId, expires), 'hex');
    const given = Buffer.from(signature, 'hex');
    if (given.length !== expected.length || !timingSafeEqual(given, expected)) return 'invalid';
    return expires * 1000 < nowMs ? 'expired' : 'valid';
  }
}
