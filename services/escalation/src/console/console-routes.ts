import { existsSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import {
  type ApiTokensFile,
  authenticate,
  type EscalationFile,
  judgeSilence,
  matches,
  SilenceRequestSchema,
} from '@slawatch/escalation';
import type { FastifyInstance } from 'fastify';
import { z } from 'zod';
import { authorize } from '../api/auth.js';
import { parseOr400 } from '../api/validation.js';
import type { ChangeFeed } from './change-feed.js';
import { type ConsoleSnapshots, RANGES, type Range } from './console-snapshot.js';
import { FACETS, type Filters, listRows, overviewOf, SORTS } from './console-view.js';
import { fromOwnPage, refuseCrossSite, SESSION_COOKIE } from './session-auth.js';
import type { ConsoleSessions } from './sessions.js';
import type { StandardText } from './standard-texts.js';

export interface ConsoleParts {
  tokens: ApiTokensFile | undefined;
  sessions: ConsoleSessions;
  snapshots: ConsoleSnapshots;
  feed: ChangeFeed;
  file: EscalationFile;
  standards: StandardText[];
  /** Where the built bundle is (scripts/build-console.ts writes it). */
  assetsDirectory: string;
  publicOrigin: string;
  now: () => number;
}

const SignIn = z.strictObject({ token: z.string().min(1).max(500) });

const csv = z
  .string()
  .optional()
  .transform((v) => (v ? v.split(',').filter((x) => x !== '') : undefined));
const ListQuery = z.strictObject({
  ...Object.fromEntries(FACETS.map((f) => [f, csv])),
  range: z.enum(Object.keys(RANGES) as [Range, ...Range[]]).default('24h'),
  sort: z.enum(SORTS).default('newest'),
  page: z.coerce.number().int().min(1).default(1),
  pageSize: z.coerce.number().int().min(1).max(200).default(50),
});

const SilencePreview = SilenceRequestSchema.omit({ comment: true }).extend({
  comment: z.string().optional(),
});

/** A stricter policy than the API's: the console's page runs only its own script and style. */
const SECURITY_HEADERS = {
  'content-security-policy':
    "default-src 'self'; script-src 'self'; style-src 'self'; img-src 'self' data:; connect-src 'self'; frame-ancestors 'none'; form-action 'self'; base-uri 'none'",
  'x-content-type-options': 'nosniff',
  'referrer-policy': 'no-referrer',
  'cache-control': 'no-store',
};

const SHELL = `<!doctype html>
<html lang="en">
<head>
<meta charset="utf-8">
<meta name="viewport" content="width=device-width, initial-scale=1">
<title>slawatch console</title>
<link rel="stylesheet" href="/console/assets/app.css">
<script type="module" src="/console/assets/app.js"></script>
</head>
<body><div id="app"></div></body>
</html>`;

/** The on-call console: its page, sign-in, the lists with counts, the overview and a live change stream. */
export function registerConsoleRoutes(app: FastifyInstance, parts: ConsoleParts): void {
  const { tokens, sessions, snapshots, feed, now } = parts;
  const secure = parts.publicOrigin.startsWith('https:');

  app.get('/console', async (_request, reply) => reply.redirect('/console/'));
  app.get('/console/', async (_request, reply) =>
    reply.headers(SECURITY_HEADERS).type('text/html; charset=utf-8').send(SHELL),
  );

  const assets = new Map<string, { type: string; body: Buffer }>();
  for (const [name, type] of [
    ['app.js', 'text/javascript; charset=utf-8'],
    ['app.css', 'text/css; charset=utf-8'],
  ] as const) {
    const path = join(parts.assetsDirectory, name);
    if (existsSync(path)) assets.set(name, { type, body: readFileSync(path) });
  }
  app.get<{ Params: { name: string } }>('/console/assets/:name', async (request, reply) => {
    const asset = assets.get(request.params.name);
    if (!asset) {
      const missing =
        assets.size === 0
          ? ' (the console is not built: node --import tsx services/escalation/console/build.ts)'
          : '';
      return reply.code(404).send({ error: `no asset ${request.params.name}${missing}` });
    }
    return reply.headers(SECURITY_HEADERS).type(asset.type).send(asset.body);
  });

  app.post('/console/session', async (request, reply) => {
    // No session yet, so the session check does not cover this: a cross-site page must not sign anyone in.
    if (!fromOwnPage(request, parts.publicOrigin)) return refuseCrossSite(reply, 'sign in from the console');
    const body = parseOr400(SignIn, request.body, reply, 'body');
    if (!body) return reply;
    const caller = tokens ? authenticate(tokens, body.token) : undefined;
    if (!caller) return reply.code(401).send({ error: 'unknown token' });
    const { id, session } = await sessions.start(caller);
    return reply
      .setCookie(SESSION_COOKIE, id, {
        httpOnly: true,
        sameSite: 'strict',
        secure,
        path: '/',
        maxAge: sessions.ttlSeconds,
      })
      .send(session);
  });

  app.get('/console/session', async (request, reply) => {
    const session = request.consoleSession;
    if (!session) return reply.code(401).send({ error: 'not signed in' });
    return reply.send({ owner: session.owner, role: session.role, csrf: session.csrf });
  });

  app.post('/console/sign-out', async (request, reply) => {
    const session = request.consoleSession;
    if (session) await sessions.end(session.id);
    return reply.clearCookie(SESSION_COOKIE, { path: '/' }).send({ signedOut: true });
  });

  const listRoute = (kind: 'breaches' | 'incidents') =>
    app.get(`/console/api/${kind}`, async (request, reply) => {
      if (!authorize(tokens, request, reply, 'viewer')) return reply;
      const query = parseOr400(ListQuery, request.query, reply, 'query');
      if (!query) return reply;
      const snapshot = await snapshots.read(query.range);
      const filters: Filters = {};
      for (const facet of FACETS) {
        const values = (query as Record<string, unknown>)[facet] as string[] | undefined;
        if (values) filters[facet] = values;
      }
      const answer = listRows(snapshot[kind], {
        filters,
        sort: query.sort,
        page: query.page,
        pageSize: query.pageSize,
      });
      return reply.send({ ...answer, truncated: snapshot.truncated, readAt: new Date(snapshot.readAtMs) });
    });
  listRoute('breaches');
  listRoute('incidents');

  app.get('/console/api/overview', async (request, reply) => {
    if (!authorize(tokens, request, reply, 'viewer')) return reply;
    const snapshot = await snapshots.read('24h');
    return reply.send(
      overviewOf({ breaches: snapshot.breaches, incidents: snapshot.incidents, nowMs: now() }),
    );
  });

  // The standards' texts, and each target's channel (never its address or secret), for the detail pages.
  const channels = Object.fromEntries(
    Object.entries(parts.file.targets).map(([name, target]) => [name, target.target.type]),
  );
  app.get('/console/api/reference', async (request, reply) => {
    if (!authorize(tokens, request, reply, 'viewer')) return reply;
    return reply.send({ standards: parts.standards, channels });
  });

  // What a silence would hold back before anyone creates it: the open breaches it matches, and the rules' verdict.
  app.post('/console/api/silence-preview', async (request, reply) => {
    const caller = authorize(tokens, request, reply, 'responder');
    if (!caller) return reply;
    const body = parseOr400(SilencePreview, request.body, reply, 'body');
    if (!body) return reply;
    const nowMs = now();
    const snapshot = await snapshots.read('7d');
    const matched: string[] = [];
    for (const row of snapshot.breaches) {
      if (row.status === 'resolved' || row.status === 'retracted') continue;
      const change = snapshot.changes.get(row.id);
      if (change && matches(body.matchers, change)) matched.push(row.id);
    }
    const verdict = judgeSilence({
      proposal: {
        matchers: body.matchers,
        startsMs: body.startsAt ? Date.parse(body.startsAt) : nowMs,
        endsMs: Date.parse(body.endsAt),
        ...(body.reason ? { reason: body.reason } : {}),
      },
      caller,
      nowMs,
      rules: parts.file.silences,
    });
    return reply.send({ matchedOpen: matched.length, examples: matched.slice(0, 10), verdict });
  });

  // Server-sent events: one `change` per change seen; the page re-reads what it shows.
  const streams = new Set<{ end: () => void }>();
  // Open streams would keep the server from closing: end them first.
  app.addHook('preClose', async () => {
    for (const stream of streams) stream.end();
  });
  app.get('/console/api/events', async (request, reply) => {
    if (!authorize(tokens, request, reply, 'viewer')) return reply;
    reply.hijack();
    const out = reply.raw;
    out.writeHead(200, {
      'content-type': 'text/event-stream; charset=utf-8',
      'cache-control': 'no-store',
      connection: 'keep-alive',
      'x-accel-buffering': 'no',
    });
    out.write(`retry: 1000\nevent: hello\ndata: ${feed.current}\n\n`);
    const unsubscribe = feed.subscribe((version) => out.write(`event: change\ndata: ${version}\n\n`));
    // A comment now and then keeps proxies from closing an idle stream.
    const keepAlive = setInterval(() => out.write(': keep-alive\n\n'), 15_000);
    const stream = { end: () => out.end() };
    streams.add(stream);
    request.raw.on('close', () => {
      clearInterval(keepAlive);
      unsubscribe();
      streams.delete(stream);
    });
  });
}
