import { type ApiTokensFile, authenticate, type Caller, hasRole, type Role } from '@slawatch/escalation';
import type { FastifyReply, FastifyRequest } from 'fastify';

/**
 * Resolves the bearer token to its owner and checks the role, answering 401
 * or 403 itself; returns undefined when it did.
 */
export function authorize(
  tokens: ApiTokensFile | undefined,
  request: FastifyRequest,
  reply: FastifyReply,
  needed: Role,
): Caller | undefined {
  const header = request.headers.authorization ?? '';
  // The console's session cookie (console/session-auth.ts) stands in for a token when no header is sent.
  if (!header && request.consoleSession)
    return checkRole(
      reply,
      { owner: request.consoleSession.owner, role: request.consoleSession.role },
      needed,
    );
  const match = /^Bearer\s+(\S+)$/i.exec(header);
  if (!tokens || !match) {
    void reply
      .code(401)
      .header('www-authenticate', 'Bearer')
      .send({
        error: tokens
          ? 'expected an Authorization: Bearer <token> header'
          : 'the API has no tokens configured (API_TOKENS_FILE)',
      });
    return undefined;
  }
  const caller = authenticate(tokens, match[1]!);
  if (!caller) {
    void reply.code(401).header('www-authenticate', 'Bearer').send({ error: 'unknown token' });
    return undefined;
  }
  return checkRole(reply, caller, needed);
}

function checkRole(reply: FastifyReply, caller: Caller, needed: Role): Caller | undefined {
  if (!hasRole(caller, needed)) {
    void reply
      .code(403)
      .send({ error: `this needs the ${needed} role; ${caller.owner} is a ${caller.role}` });
    return undefined;
  }
  return caller;
}
