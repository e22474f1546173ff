import { type BreachChange, breachChangeSchema } from '@slawatch/contract';
import type { BreachActions, EscalationMetrics } from '@slawatch/escalation';
import type { ConsumedRecord, RecordBatch } from '@slawatch/kafka';
import type { Logger } from '@slawatch/logger';
import { problemsFrom, renderProblems } from '@slawatch/validation';
import { fairOrder } from './fair-order.js';

/**
 * Handles one batch of `slawatch.breaches`. Changes of one breach are applied
 * in order; different breaches go in parallel, up to INTAKE_CONCURRENCY, taken
 * round robin over their causes (fair-order.ts) so a storm of one cause does
 * not hold up the rest of the batch. The batch is committed only
 * after this resolves, and every effect is idempotent, so a crash replays
 * the batch harmlessly.
 */
export async function handleBreachBatch(
  batch: RecordBatch,
  parts: { actions: BreachActions; metrics: EscalationMetrics; logger: Logger },
): Promise<void> {
  const { actions, metrics, logger } = parts;
  const byBreach = new Map<string, BreachChange[]>();
  for (const record of batch.records) {
    const change = parseChange(record, logger);
    if (!change) {
      metrics.breachChanges.inc({ status: 'unknown', outcome: 'invalid' });
      continue;
    }
    const list = byBreach.get(change.breachId) ?? [];
    list.push(change);
    byBreach.set(change.breachId, list);
  }
  await forEachAtMost(INTAKE_CONCURRENCY, fairOrder([...byBreach.values()]), async (changes) => {
    for (const change of changes) await actions.ingest(change);
  });
}

/**
 * Breaches of one batch in progress at once. Enough to keep Redis and the
 * first pages busy; bounded so a batch of thousands (a storm) does not open
 * thousands of connections to one webhook and time them all out.
 */
const INTAKE_CONCURRENCY = 64;

async function forEachAtMost<T>(limit: number, items: T[], work: (item: T) => Promise<void>): Promise<void> {
  let next = 0;
  const lane = async () => {
    while (next < items.length) await work(items[next++]!);
  };
  await Promise.all(Array.from({ length: Math.min(limit, items.length) }, lane));
}

function parseChange(record: ConsumedRecord, logger: Logger): BreachChange | undefined {
  let input: unknown;
  try {
    input = JSON.parse(record.value?.toString('utf8') ?? '');
  } catch {
    logger.error(
      { partition: record.partition, offset: record.offset },
      'breach change is not JSON; skipped',
    );
    return undefined;
  }
  const result = breachChangeSchema.safeParse(input);
  if (!result.success) {
    logger.error(
      {
        partition: record.partition,
        offset: record.offset,
        problems: renderProblems(problemsFrom(result.error, input)),
      },
      'breach change is not valid; skipped',
    );
    return undefined;
  }
  return result.data;
}
