import { SEVERITIES } from '@slawatch/contract';
import {
  INCIDENT_ID_PATTERN,
  INCIDENT_STATES,
  type Incident,
  type IncidentActionResult,
} from '@slawatch/escalation';
import type { FastifyInstance, FastifyReply } from 'fastify';
import { z } from 'zod';
import type { ApiParts } from './api-parts.js';
import { authorize } from './auth.js';
import { parseOr400 } from './validation.js';

const IncidentListQuery = z.strictObject({
  status: z.enum(INCIDENT_STATES).optional(),
  severity: z.enum(SEVERITIES).optional(),
  standard: z.string().min(1).optional(),
  /** A facility id (`HGH01`) or with its kind (`hub:HGH01`). */
  facility: z.string().min(1).optional(),
  limit: z.coerce.number().int().min(1).max(500).default(50),
  cursor: z
    .string()
    .regex(/^\d+\|.+$/, 'expected the nextCursor of a previous page')
    .optional(),
});

const MemberPageQuery = z.strictObject({
  limit: z.coerce.number().int().min(1).max(1000).default(100),
  cursor: z.coerce.number().int().min(0).optional(),
});

const IncidentSilenceBody = z.strictObject({
  endsAt: z.iso.datetime({ offset: true }),
  comment: z.string().trim().min(1, 'expected what is going on').max(1000),
});

/**
 * The API's view of an incident: what its members share, where it stands
 * and its counts (`members` in a detail answer is the page of members). A
 * facility incident (`inhibition`) counts its members as `suppressed`: each
 * one's own page was suppressed into it. No personal data.
 */
export function incidentView(incident: Incident) {
  const {
    grouping,
    newSinceMessage: _new,
    resolvedSinceMessage: _resolved,
    members,
    open,
    ...rest
  } = incident;
  const counts = { members, open, ...(incident.inhibition ? { suppressed: members } : {}) };
  return { ...rest, groupedBy: grouping.by, counts };
}

function answer(reply: FastifyReply, result: IncidentActionResult, incidentId: string) {
  if (result.ok) return reply.send({ incidentId, state: result.state, members: result.members });
  return reply.code(result.code === 'not-found' ? 404 : 409).send({ error: result.reason });
}

/** Incidents: list, read with members a page at a time, acknowledge and resolve (with their members). */
export function registerIncidentRoutes(app: FastifyInstance, parts: ApiParts): void {
  const { store, actions, tokens } = parts;
  const known = (id: string, reply: FastifyReply) => {
    if (INCIDENT_ID_PATTERN.test(id)) return true;
    void reply.code(404).send({ error: `no incident ${id}` });
    return false;
  };

  app.get('/api/incidents', async (request, reply) => {
    if (!authorize(tokens, request, reply, 'viewer')) return reply;
    const query = parseOr400(IncidentListQuery, request.query, reply, 'query');
    if (!query) return reply;
    const page = await store.incidents.list({
      limit: query.limit,
      ...(query.status ? { status: query.status } : {}),
      ...(query.severity ? { severity: query.severity } : {}),
      ...(query.standard ? { standard: query.standard } : {}),
      ...(query.facility ? { facility: query.facility } : {}),
      ...(query.cursor ? { cursor: query.cursor } : {}),
    });
    return reply.send({
      incidents: page.incidents.map(incidentView),
      ...(page.nextCursor ? { nextCursor: page.nextCursor } : {}),
    });
  });

  app.get<{ Params: { id: string } }>('/api/incidents/:id', async (request, reply) => {
    if (!authorize(tokens, request, reply, 'viewer')) return reply;
    const { id } = request.params;
    if (!known(id, reply)) return reply;
    const query = parseOr400(MemberPageQuery, request.query, reply, 'query');
    if (!query) return reply;
    const incident = await store.incidents.get(id);
    if (!incident) return reply.code(404).send({ error: `no incident ${id}` });
    const [members, notified, timeline] = await Promise.all([
      store.incidents.members(id, {
        limit: query.limit,
        ...(query.cursor === undefined ? {} : { cursor: query.cursor }),
      }),
      store.incidents.notified(id),
      store.incidents.timeline(id),
    ]);
    // A facility incident's members were suppressed into it: each says so.
    const page = incident.inhibition
      ? { ...members, members: members.members.map((member) => ({ ...member, suppressed: true })) }
      : members;
    return reply.send({ ...incidentView(incident), notified, timeline, ...page });
  });

  app.post<{ Params: { id: string } }>('/api/incidents/:id/acknowledge', async (request, reply) => {
    const caller = authorize(tokens, request, reply, 'responder');
    if (!caller) return reply;
    if (!known(request.params.id, reply)) return reply;
    return answer(
      reply,
      await actions.acknowledgeIncident(request.params.id, caller.owner),
      request.params.id,
    );
  });

  app.post<{ Params: { id: string } }>('/api/incidents/:id/silence', async (request, reply) => {
    const caller = authorize(tokens, request, reply, 'responder');
    if (!caller) return reply;
    if (!known(request.params.id, reply)) return reply;
    const body = parseOr400(IncidentSilenceBody, request.body, reply, 'body');
    if (!body) return reply;
    const result = await actions.silenceIncident(
      request.params.id,
      { endsMs: Date.parse(body.endsAt), comment: body.comment },
      caller,
    );
    if (result.ok)
      return reply.code(201).send({ incidentId: request.params.id, silencedUntil: result.silencedUntil });
    const status = { 'not-found': 404, conflict: 409, invalid: 400, forbidden: 403 }[result.code];
    return reply.code(status).send({ error: result.reason });
  });

  app.post<{ Params: { id: string } }>('/api/incidents/:id/resolve', async (request, reply) => {
    const caller = authorize(tokens, request, reply, 'responder');
    if (!caller) return reply;
    if (!known(request.params.id, reply)) return reply;
    return answer(reply, await actions.resolveIncident(request.params.id, caller.owner), request.params.id);
  });
}
