import {
  type AcknowledgeLinks,
  type BreachActions,
  decodeBreachId,
  INCIDENT_ID_PATTERN,
} from '@slawatch/escalation';
import type { FastifyInstance, FastifyReply } from 'fastify';
import { z } from 'zod';

const LinkQuery = z.object({
  expires: z.coerce.number().int().positive(),
  signature: z.string().regex(/^[0-9a-f]{64}$/),
});

const escapeHtml = (text: string) =>
  text.replace(
    /[&<>"']/g,
    (c) => ({ '&': '&amp;', '<': '&lt;', '>': '&gt;', '"': '&quot;', "'": '&#39;' })[c]!,
  );

function page(reply: FastifyReply, status: number, title: string, body: string) {
  return reply
    .code(status)
    .header('content-type', 'text/html; charset=utf-8')
    .header('cache-control', 'no-store')
    .header('referrer-policy', 'no-referrer')
    .send(
      `<!doctype html><meta charset="utf-8"><title>${escapeHtml(title)}</title><h1>${escapeHtml(title)}</h1>${body}`,
    );
}

/**
 * Opens the console on the breach or incident (console/, its `#/breach/…`
 * route). The link rides along in the fragment, which browsers never send to
 * a server, so the console can offer its one-click acknowledge to someone
 * without a token.
 */
function openConsole(reply: FastifyReply, route: string, signedPath: string) {
  return reply
    .header('referrer-policy', 'no-referrer')
    .header('cache-control', 'no-store')
    .redirect(`/console/#/${route}?link=${encodeURIComponent(signedPath)}`, 303);
}

/**
 * The acknowledge link in messages. GET opens the console on what it is
 * about, acknowledging nothing (chat apps open links to preview them); the
 * console's button POSTs the same signed URL, which acknowledges as
 * `acknowledge-link`.
 */
export function registerAcknowledgeLinkRoutes(
  app: FastifyInstance,
  parts: { links: AcknowledgeLinks; actions: BreachActions; now: () => number },
): void {
  const { links, actions, now } = parts;
  // A form posting the signed URL sends no fields; its body is ignored.
  app.addContentTypeParser(
    'application/x-www-form-urlencoded',
    { parseAs: 'string' },
    (_request, _body, done) => done(null, {}),
  );
  // An incident's link signs `incident:<id>`, which no breach id can be.
  const check = (params: { id: string }, query: unknown, reply: FastifyReply, incident = false) => {
    const parsed = LinkQuery.safeParse(query);
    const breachId = incident ? `incident:${params.id}` : decodeBreachId(params.id);
    if (!parsed.success)
      return { error: page(reply, 400, 'Invalid link 链接无效', '<p>The link is incomplete.</p>') };
    const verdict = links.verify(breachId, parsed.data.expires, parsed.data.signature, now());
    if (verdict === 'invalid')
      return { error: page(reply, 403, 'Invalid link 链接无效', '<p>The signature does not match.</p>') };
    if (verdict === 'expired') {
      return {
        error: page(reply, 410, 'Link expired 链接已过期', '<p>Acknowledge through the ops API instead.</p>'),
      };
    }
    return { breachId };
  };

  app.get<{ Params: { id: string } }>('/ack/:id', async (request, reply) => {
    const checked = check(request.params, request.query, reply);
    if (!checked.breachId) return checked.error;
    return openConsole(reply, `breach/${encodeURIComponent(checked.breachId)}`, request.url);
  });

  app.post<{ Params: { id: string } }>('/ack/:id', async (request, reply) => {
    const checked = check(request.params, request.query, reply);
    if (!checked.breachId) return checked.error;
    const result = await actions.acknowledge(checked.breachId, 'acknowledge-link');
    if (result.ok) return page(reply, 200, 'Acknowledged 已确认', `<p>${escapeHtml(checked.breachId)}</p>`);
    if (result.code === 'not-found') return page(reply, 404, 'Unknown breach 未知违约', '');
    return page(reply, 409, 'Nothing to do 无需操作', `<p>${escapeHtml(result.reason)}</p>`);
  });

  app.get<{ Params: { id: string } }>('/ack/incident/:id', async (request, reply) => {
    const checked = check(request.params, request.query, reply, true);
    if (!checked.breachId) return checked.error;
    return openConsole(reply, `incident/${encodeURIComponent(request.params.id)}`, request.url);
  });

  app.post<{ Params: { id: string } }>('/ack/incident/:id', async (request, reply) => {
    const checked = check(request.params, request.query, reply, true);
    if (!checked.breachId) return checked.error;
    if (!INCIDENT_ID_PATTERN.test(request.params.id))
      return page(reply, 404, 'Unknown incident 未知事件', '');
    const result = await actions.acknowledgeIncident(request.params.id, 'acknowledge-link');
    if (result.ok) return page(reply, 200, 'Acknowledged 已确认', `<p>${escapeHtml(request.params.id)}</p>`);
    if (result.code === 'not-found') return page(reply, 404, 'Unknown incident 未知事件', '');
    return page(reply, 409, 'Nothing to do 无需操作', `<p>${escapeHtml(result.reason)}</p>`);
  });
}
