import { SEVERITIES } from '@slawatch/contract';
import { type ActionResult, BREACH_STATES, type EscalatedBreach } from '@slawatch/escalation';
import type { FastifyInstance, FastifyReply } from 'fastify';
import { z } from 'zod';
import type { ApiParts } from './api-parts.js';
import { authorize } from './auth.js';
import { parseOr400 } from './validation.js';

const BreachListQuery = z.strictObject({
  status: z.enum(BREACH_STATES).optional(),
  severity: z.enum(SEVERITIES).optional(),
  segment: z.string().min(1).optional(),
  standard: z.string().min(1).optional(),
  from: z.iso.datetime({ offset: true }).optional(),
  to: z.iso.datetime({ offset: true }).optional(),
  limit: z.coerce.number().int().min(1).max(500).default(50),
  cursor: z
    .string()
    .regex(/^\d{15}\|.+$/, 'expected the nextCursor of a previous page')
    .optional(),
});

/** The API's view of an escalated breach; breaches carry no personal data, so viewers may see all of it. */
export function breachView(record: EscalatedBreach) {
  return {
    breachId: record.breach.breachId,
    state: record.state,
    policy: record.policy,
    openedAt: record.openedAt,
    ...(record.acknowledgedAt
      ? { acknowledgedAt: record.acknowledgedAt, acknowledgedBy: record.acknowledgedBy }
      : {}),
    ...(record.resolvedAt ? { resolvedAt: record.resolvedAt, resolvedBy: record.resolvedBy } : {}),
    // The one incident it is a member of (a facility incident when its own page was suppressed).
    ...(record.incident ? { incident: record.incident } : {}),
    breach: record.breach,
  };
}

export function answerAction(reply: FastifyReply, result: ActionResult, breachId: string) {
  if (result.ok) return reply.send({ breachId, state: result.state });
  return reply.code(result.code === 'not-found' ? 404 : 409).send({ error: result.reason });
}

export function registerBreachRoutes(app: FastifyInstance, parts: ApiParts): void {
  const { store, actions, tokens } = parts;
  app.get('/api/breaches', async (request, reply) => {
    if (!authorize(tokens, request, reply, 'viewer')) return reply;
    const query = parseOr400(BreachListQuery, request.query, reply, 'query');
    if (!query) return reply;
    const page = await store.breaches.list({
      limit: query.limit,
      ...(query.status ? { status: query.status } : {}),
      ...(query.severity ? { severity: query.severity } : {}),
      ...(query.segment ? { segment: query.segment } : {}),
      ...(query.standard ? { standard: query.standard } : {}),
      ...(query.from ? { fromMs: Date.parse(query.from) } : {}),
      ...(query.to ? { toMs: Date.parse(query.to) } : {}),
      ...(query.cursor ? { cursor: query.cursor } : {}),
    });
    return reply.send({
      breaches: page.breaches.map(breachView),
      ...(page.nextCursor ? { nextCursor: page.nextCursor } : {}),
    });
  });

  app.get<{ Params: { id: string } }>('/api/breaches/:id', async (request, reply) => {
    if (!authorize(tokens, request, reply, 'viewer')) return reply;
    const record = await store.breaches.get(request.params.id);
    if (!record) return reply.code(404).send({ error: `no breach ${request.params.id}` });
    const [timeline, notified] = await Promise.all([
      store.timelines.read(request.params.id),
      store.breaches.notified(request.params.id),
    ]);
    return reply.send({ ...breachView(record), notified, timeline });
  });

  app.post<{ Params: { id: string } }>('/api/breaches/:id/acknowledge', async (request, reply) => {
    const caller = authorize(tokens, request, reply, 'responder');
    if (!caller) return reply;
    return answerAction(reply, await actions.acknowledge(request.params.id, caller.owner), request.params.id);
  });

  app.post<{ Params: { id: string } }>('/api/breaches/:id/resolve', async (request, reply) => {
    const caller = authorize(tokens, request, reply, 'responder');
    if (!caller) return reply;
    return answerAction(reply, await actions.resolve(request.params.id, caller.owner), request.params.id);
  });
}
