import { isBroad, isSilenceActive, type Silence, SilenceRequestSchema } from '@slawatch/escalation';
import type { FastifyInstance } from 'fastify';
import type { ApiParts } from './api-parts.js';
import { authorize } from './auth.js';
import { parseOr400 } from './validation.js';

/** The API's view of a silence: `broad` tells a console which ones to show with their reason. */
function view(silence: Silence, nowMs: number) {
  return { ...silence, broad: isBroad(silence), active: isSilenceActive(silence, nowMs) };
}

export function registerSilenceRoutes(app: FastifyInstance, parts: ApiParts): void {
  const { store, actions, tokens, now } = parts;
  app.post('/api/silences', async (request, reply) => {
    const caller = authorize(tokens, request, reply, 'responder');
    if (!caller) return reply;
    const body = parseOr400(SilenceRequestSchema, request.body, reply, 'body');
    if (!body) return reply;
    const created = await actions.createSilence(body, caller);
    if (!created.ok) {
      const { refusal, error, problems } = created.refused;
      return reply.code(refusal === 'forbidden' ? 403 : 400).send({ error, problems });
    }
    return reply.code(201).send(view(created.silence, now()));
  });

  app.get('/api/silences', async (request, reply) => {
    if (!authorize(tokens, request, reply, 'viewer')) return reply;
    const nowMs = now();
    return reply.send({ silences: (await store.silences.list()).map((s) => view(s, nowMs)) });
  });

  app.get<{ Params: { id: string } }>('/api/silences/:id', async (request, reply) => {
    if (!authorize(tokens, request, reply, 'viewer')) return reply;
    const silence = await store.silences.get(request.params.id);
    if (!silence) return reply.code(404).send({ error: `no silence ${request.params.id}` });
    return reply.send({ ...view(silence, now()), suppressed: await store.silences.suppressed(silence.id) });
  });

  app.delete<{ Params: { id: string } }>('/api/silences/:id', async (request, reply) => {
    const caller = authorize(tokens, request, reply, 'responder');
    if (!caller) return reply;
    const ended = await actions.expireSilence(request.params.id, caller.owner);
    if (!ended) return reply.code(404).send({ error: `no silence ${request.params.id}` });
    return reply.send(view(ended, now()));
  });
}
