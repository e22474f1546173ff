import type { Topics } from '@slawatch/config';
import type { TopicFamily } from '@slawatch/contract';
import type { OutgoingRecord } from '@slawatch/kafka';
import type { CheckedLine } from './check-lines.js';

/** Records sent per request: large enough for throughput, small enough for a lively progress line. */
const CHUNK = 1000;

export interface Sender {
  send(topic: string, records: OutgoingRecord[]): Promise<void>;
}

/** A failure after some events went out: how many did, so the message can say so. */
export class PublishError extends Error {
  constructor(
    readonly published: number,
    override readonly cause: unknown,
  ) {
    super(cause instanceof Error ? cause.message.split('\n')[0] : String(cause));
  }
}

/** Each topic's records in input order: a waybill's events keep their order within its partition. */
export function recordsByTopic(lines: CheckedLine[], topics: Topics): Map<string, OutgoingRecord[]> {
  const byTopic = new Map<string, OutgoingRecord[]>();
  for (const line of lines) {
    if (!line.event) continue;
    const topic = topics[line.family as TopicFamily];
    const list = byTopic.get(topic) ?? [];
    list.push({ key: line.event.subject, value: JSON.stringify(line.event) });
    byTopic.set(topic, list);
  }
  return byTopic;
}

/** Sends every record, a chunk at a time, reporting the running count after each chunk. */
export async function publishAll(
  sender: Sender,
  byTopic: Map<string, OutgoingRecord[]>,
  onProgress: (published: number) => void,
): Promise<number> {
  let published = 0;
  for (const [topic, records] of byTopic) {
    for (let start = 0; start < records.length; start += CHUNK) {
      const chunk = records.slice(start, start + CHUNK);
      try {
        await sender.send(topic, chunk);
      } catch (error) {
        throw new PublishError(published, error);
      }
      published += chunk.length;
      onProgress(published);
    }
  }
  return published;
}
