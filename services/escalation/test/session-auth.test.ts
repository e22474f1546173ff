import type { FastifyRequest } from 'fastify';
import { describe, expect, it } from 'vitest';
import { fromOwnPage } from '../src/console/session-auth.js';

const request = (headers: Record<string, string>) =>
  ({ headers: { host: '127.0.0.1:9102', ...headers } }) as unknown as FastifyRequest;
const PUBLIC = 'https://ops.example.com';

describe('the console’s same-page check on actions', () => {
  it('accepts the console’s own origin, by Host or by PUBLIC_URL', () => {
    expect(
      fromOwnPage(request({ origin: 'http://127.0.0.1:9102', 'sec-fetch-site': 'same-origin' }), PUBLIC),
    ).toBe(true);
    expect(fromOwnPage(request({ origin: PUBLIC }), PUBLIC)).toBe(true);
  });

  it('refuses another port of the same host, which SameSite cookies count as the same site', () => {
    expect(fromOwnPage(request({ origin: 'http://127.0.0.1:8080' }), PUBLIC)).toBe(false);
  });

  it('refuses a missing or unreadable Origin and any Sec-Fetch-Site but same-origin', () => {
    expect(fromOwnPage(request({}), PUBLIC)).toBe(false);
    expect(fromOwnPage(request({ origin: 'null' }), PUBLIC)).toBe(false);
    expect(
      fromOwnPage(request({ origin: 'http://127.0.0.1:9102', 'sec-fetch-site': 'same-site' }), PUBLIC),
    ).toBe(false);
  });
});
