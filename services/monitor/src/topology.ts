import type { Topics } from '@slawatch/config';
import type { TopicFamily } from '@slawatch/contract';
import type { Admin } from '@slawatch/kafka';

export function inputTopics(topics: Topics): Record<TopicFamily, string> {
  return {
    orders: topics.orders,
    dispatch: topics.dispatch,
    delivery: topics.delivery,
    aftersales: topics.aftersales,
  };
}

/**
 * Creates missing topics and checks that the input topics are co-partitioned:
 * a waybill's events must land on the same partition number of every input
 * topic (same key, same partitioner, same partition count), or one waybill
 * would be evaluated by two owners. A mismatch stops start-up.
 */
export async function prepareTopics(
  admin: Admin,
  topics: Topics,
  partitions: number,
  replicationFactor: number,
) {
  const inputs = Object.values(inputTopics(topics));
  await admin.ensureTopics([
    ...[...inputs, topics.breaches].map((topic) => ({ topic, partitions, replicationFactor })),
    { topic: topics.deadLetter, partitions: 1, replicationFactor },
  ]);
  const counts = await admin.partitionCounts(inputs);
  const distinct = new Set(counts.values());
  if (distinct.size !== 1) {
    const listed = [...counts].map(([t, n]) => `${t}=${n}`).join(', ');
    throw new Error(
      `input topics must have the same partition count so one instance owns a waybill on all of them; found ${listed}`,
    );
  }
}
