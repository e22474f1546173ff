import { problemsFrom } from '@slawatch/validation';
import type { FastifyReply } from 'fastify';
import type { z } from 'zod';

/** Parses a query or body; on failure answers 400 naming each problem and returns undefined. */
export function parseOr400<S extends z.ZodType>(
  schema: S,
  input: unknown,
  reply: FastifyReply,
  where: 'query' | 'body',
): z.output<S> | undefined {
  const result = schema.safeParse(input ?? {});
  if (result.success) return result.data;
  void reply.code(400).send({
    error: `invalid request ${where}`,
    problems: problemsFrom(result.error, input ?? {}).map((p) => `${p.path}: ${p.message}`),
  });
  return undefined;
}
