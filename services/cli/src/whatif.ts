/**
 * `slawatch whatif`: the period's events read again from Kafka (from the
 * first record at the start of the first order day to the end of each input
 * partition as it was when the replay began), judged in memory against the
 * current and the proposed standards file by the monitor's own pure core.
 * Nothing is published, paged or written to the monitor's Redis; the
 * one-off consumer group is deleted at the end.
 */
import { randomUUID } from 'node:crypto';
import { type Environment, eventTimeChecks, kafkaSettings, topics as topicsOf } from '@slawatch/config';
import { type ContractEvent, parseRecord, TOPIC_FAMILIES, type TopicFamily } from '@slawatch/contract';
import { compileStandards, dayNumber, type EventType } from '@slawatch/evaluation';
import { KafkaClient, type RecordBatch } from '@slawatch/kafka';
import {
  buildReview,
  compareReviews,
  type Dimension,
  WhatIfReplay,
  type WhatIfReview,
  whatIfCsv,
  whatIfTable,
} from '@slawatch/review';
import { loadStandards, localMidnight, type StandardsFile } from '@slawatch/standards';
import { ProgressLine } from './progress.js';
import { quietLogger, reviewEnvironment, writeOutput } from './report.js';
import type { ReviewOptions } from './review-arguments.js';

export class PeriodPastRetention extends Error {}

export interface WhatIfRun {
  env: Environment;
  current: StandardsFile;
  proposed: StandardsFile;
  from: string;
  to: string;
  by: ReadonlyArray<Dimension>;
  /** Where progress lines go (a terminal redraws one line; a pipe gets one every few seconds). */
  progress?: NodeJS.WritableStream & { isTTY?: boolean };
}

/** Reads the period again and returns both reviews side by side; throws PeriodPastRetention when Kafka no longer holds it. */
export async function runWhatIf(run: WhatIfRun): Promise<WhatIfReview> {
  const { env, from, to } = run;
  const timeZone = run.current.timezone;
  const fromMs = localMidnight(timeZone, dayNumber(from));
  const topics = topicsOf(env);
  const familyOfTopic = new Map<string, TopicFamily>(TOPIC_FAMILIES.map((f) => [topics[f], f]));
  const inputs = [...familyOfTopic.keys()];
  const kafka = new KafkaClient(kafkaSettings(env, 'cli-whatif'), quietLogger());
  const admin = kafka.admin();
  await admin.connect();
  const groupId = `slawatch-whatif-${randomUUID()}`;
  try {
    const startedMs = Date.now();
    for (const [topic, retention] of await admin.retentionMs(inputs)) {
      if (retention >= 0 && startedMs - retention > fromMs) {
        const oldest = new Date(startedMs - retention).toISOString();
        throw new PeriodPastRetention(
          `--from ${from} starts before what ${topic} still holds: its retention.ms is ${retention} ` +
            `(${(retention / 86_400_000).toFixed(1)} days), so nothing older than ${oldest} is kept. ` +
            'Choose a later --from, or use slawatch report for the counts the monitor recorded.',
        );
      }
    }
    const ranges = new Map<string, { from: bigint; end: bigint }>();
    for (const topic of inputs) {
      for (const [partition, range] of await admin.offsetsFrom(topic, fromMs))
        ranges.set(`${topic}/${partition}`, { from: BigInt(range.from), end: BigInt(range.end) });
    }
    const total = [...ranges.values()].reduce((sum, r) => sum + Number(r.end - r.from), 0);
    const replay = new WhatIfReplay({
      current: compileStandards(run.current),
      proposed: compileStandards(run.proposed),
    });
    const progress = new ProgressLine({
      total,
      stream: run.progress ?? process.stderr,
      verb: 'read',
      lineEveryMs: 5_000,
    });
    let read = 0;
    const remaining = new Set([...ranges].filter(([, r]) => r.end > r.from).map(([key]) => key));
    let finished: () => void = () => undefined;
    const done = new Promise<void>((resolve) => {
      finished = resolve;
    });
    if (remaining.size === 0) finished();
    const handle = async (batch: RecordBatch) => {
      const key = `${batch.topic}/${batch.partition}`;
      const range = ranges.get(key);
      const family = familyOfTopic.get(batch.topic);
      if (!range || !family) return;
      for (const record of batch.records) {
        if (BigInt(record.offset) >= range.end) break;
        read++;
        const arrivedMs = Number(record.timestamp);
        // Judged as the monitor judged it when it read the record: its plausibility checks use that clock.
        const result = parseRecord(
          { key: record.key, value: record.value, topicFamily: family },
          { maxBytes: env.EVENT_MAX_BYTES, ...eventTimeChecks(env), now: arrivedMs },
        );
        if (!result.ok) continue;
        replay.add(shipmentEvent(result.event, result.timeMs), arrivedMs);
      }
      progress.update(read);
      if (BigInt(batch.nextOffset) >= range.end) {
        remaining.delete(key);
        if (remaining.size === 0) finished();
      }
    };
    const consumer = kafka.consumer({
      groupId,
      topics: inputs,
      fromBeginning: true,
      positions: {
        read: async (assignment) =>
          Object.entries(assignment).flatMap(([topic, partitions]) =>
            partitions.map((partition) => ({
              topic,
              partition,
              offset: String(ranges.get(`${topic}/${partition}`)?.from ?? 0n),
            })),
          ),
      },
    });
    await consumer.start(handle);
    await done;
    await consumer.stop();
    progress.finish();
    // Deadlines judged as far as the monitor could have judged them when the replay began.
    const outcome = replay.finish(startedMs - env.DEADLINE_WATERMARK_TOLERANCE_MS);
    const query = { from, to, by: run.by };
    return compareReviews({
      current: buildReview({ file: run.current, cells: outcome.current, ...query }),
      proposed: buildReview({ file: run.proposed, cells: outcome.proposed, ...query }),
      shipments: outcome.shipments,
      appeared: outcome.appeared,
      disappeared: outcome.disappeared,
    });
  } finally {
    await admin.deleteGroup(groupId).catch(() => undefined);
    await admin.disconnect().catch(() => undefined);
  }
}

function shipmentEvent(event: ContractEvent, timeMs: number) {
  return {
    id: event.id,
    type: event.type as EventType,
    waybill: event.subject,
    timeMs,
    data: event.data as Record<string, unknown>,
  };
}

/** The CLI command: validates both files (the monitor's start-up errors), replays, prints side by side. */
export async function whatif(options: ReviewOptions & { proposed: string }): Promise<number> {
  const env = reviewEnvironment(options);
  const proposed = loadStandards(options.proposed);
  const current = loadStandards(options.current ?? env.STANDARDS_FILE);
  let review: WhatIfReview;
  try {
    review = await runWhatIf({ env, current, proposed, from: options.from, to: options.to, by: options.by });
  } catch (error) {
    if (error instanceof PeriodPastRetention) {
      console.error(`slawatch: ${error.message}`);
      return 2;
    }
    throw error;
  }
  const text =
    options.format === 'json'
      ? JSON.stringify(review, null, 2)
      : options.format === 'csv'
        ? whatIfCsv(review, options.by)
        : whatIfTable(review, options.by);
  if (options.format === 'html')
    console.error('slawatch: whatif prints table, csv or json; showing the table');
  writeOutput(text, options.output);
  return 0;
}
