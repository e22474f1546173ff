import type { ApiTokensFile } from '@slawatch/escalation';
import { type CountsSource, DIMENSIONS, type Dimension, formatReview, readReview } from '@slawatch/review';
import { loadStandards } from '@slawatch/standards';
import { ConfigFileError } from '@slawatch/validation';
import type { FastifyInstance } from 'fastify';
import { z } from 'zod';
import { authorize } from './auth.js';
import { parseOr400 } from './validation.js';

const day = z.iso.date();

const ReviewQuery = z
  .strictObject({
    from: day,
    to: day,
    by: z
      .string()
      .default('segment')
      .transform((text, context) => {
        const parts = text
          .split(',')
          .map((p) => p.trim())
          .filter((p) => p !== '' && p !== 'none' && p !== 'standard');
        const unknown = parts.filter((p) => !(DIMENSIONS as ReadonlyArray<string>).includes(p));
        if (unknown.length > 0)
          context.addIssue({
            code: 'custom',
            message: `expected some of ${DIMENSIONS.join(', ')}, got ${unknown.join(', ')}`,
          });
        return parts as Dimension[];
      }),
    format: z.enum(['json', 'csv', 'html', 'table']).default('json'),
    lang: z.enum(['zh', 'en']).default('zh'),
  })
  .refine((q) => q.from <= q.to, { error: 'expected from on or before to', path: ['from'] })
  .refine((q) => Date.parse(q.to) - Date.parse(q.from) < 1_000 * 86_400_000, {
    error: 'expected at most 1000 days',
    path: ['to'],
  });

const CONTENT_TYPES = {
  json: 'application/json; charset=utf-8',
  csv: 'text/csv; charset=utf-8',
  html: 'text/html; charset=utf-8',
  table: 'text/plain; charset=utf-8',
} as const;

export interface ReviewParts {
  tokens: ApiTokensFile | undefined;
  /** The attainment counts the monitor keeps (AttainmentCounts on the monitor's Redis and key prefix). */
  counts: CountsSource;
  /** The standards file the monitor runs, read on each request so the objectives are the current ones. */
  standardsFile: string;
  /** The input topics' partition count (the counts are kept per partition). */
  partitions: () => Promise<number>;
}

/**
 * GET /api/review: the service-mix review for viewers, as `slawatch report`
 * gives it (docs/review.md). Counts carry no personal data: segments,
 * products, routes and standards only.
 */
export function registerReviewRoutes(app: FastifyInstance, parts: ReviewParts): void {
  app.get('/api/review', async (request, reply) => {
    if (!authorize(parts.tokens, request, reply, 'viewer')) return reply;
    const query = parseOr400(ReviewQuery, request.query, reply, 'query');
    if (!query) return reply;
    let file: ReturnType<typeof loadStandards>;
    try {
      file = loadStandards(parts.standardsFile);
    } catch (error) {
      if (!(error instanceof ConfigFileError)) throw error;
      return reply.code(500).send({ error: error.message });
    }
    const review = await readReview(parts.counts, {
      file,
      from: query.from,
      to: query.to,
      by: query.by,
      partitions: await parts.partitions(),
    });
    if (query.format === 'json') return reply.send(review);
    return reply.type(CONTENT_TYPES[query.format]).send(formatReview(review, query.format, query.lang));
  });
}
