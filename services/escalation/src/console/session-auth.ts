import cookie from '@fastify/cookie';
import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import { type ConsoleSession, type ConsoleSessions, csrfMatches } from './sessions.js';

export const SESSION_COOKIE = 'slawatch_session';
export const CSRF_HEADER = 'x-slawatch-csrf';

declare module 'fastify' {
  interface FastifyRequest {
    /** Set when the request came with a live console session cookie (and, for an action, passed the CSRF checks). */
    consoleSession: (ConsoleSession & { id: string }) | null;
  }
}

const UNSAFE = new Set(['POST', 'PUT', 'PATCH', 'DELETE']);

/**
 * Whether the browser says the request comes from a page of this service:
 * `Origin` names this host (or PUBLIC_URL), and `Sec-Fetch-Site`, when the
 * browser sends it, is same-origin. A page on another site, even another
 * port of this host (the same "site" to SameSite cookies), fails this.
 */
export function fromOwnPage(request: FastifyRequest, publicOrigin: string): boolean {
  const origin = request.headers.origin;
  if (!origin) return false;
  const site = request.headers['sec-fetch-site'];
  if (site !== undefined && site !== 'same-origin') return false;
  if (origin === publicOrigin) return true;
  try {
    return new URL(origin).host === request.headers.host;
  } catch {
    return false;
  }
}

export function refuseCrossSite(reply: FastifyReply, why: string) {
  return reply.code(403).send({ error: `cross-site request refused: ${why}` });
}

/**
 * Lets the session cookie stand in for a bearer token on the ops API and the
 * console's own routes. An action (POST, DELETE) made with the cookie must
 * come from the console's page and carry the session's CSRF token; a bearer
 * token is never sent by a browser on its own, so bearer calls skip this.
 */
export function registerSessionAuth(
  app: FastifyInstance,
  parts: { sessions: ConsoleSessions; publicOrigin: string },
): void {
  const { sessions, publicOrigin } = parts;
  void app.register(cookie);
  app.decorateRequest('consoleSession', null);
  app.addHook('onRequest', async (request, reply) => {
    if (request.headers.authorization) return;
    if (!request.url.startsWith('/api/') && !request.url.startsWith('/console/')) return;
    // Parsed here rather than by the plugin's own hook, which it adds only once fastify loads it, after this one.
    const id = app.parseCookie(request.headers.cookie ?? '')[SESSION_COOKIE];
    if (!id) return;
    const session = await sessions.find(id);
    if (!session) return;
    if (UNSAFE.has(request.method)) {
      if (!fromOwnPage(request, publicOrigin))
        return refuseCrossSite(reply, 'the Origin is not this console');
      if (!csrfMatches(session, headerValue(request.headers[CSRF_HEADER])))
        return refuseCrossSite(reply, `the ${CSRF_HEADER} header does not match the session`);
    }
    request.consoleSession = { ...session, id };
  });
}

function headerValue(value: string | string[] | undefined): string | undefined {
  return Array.isArray(value) ? value[0] : value;
}
