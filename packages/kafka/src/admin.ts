import type { Admin as ClientAdmin, Kafka } from 'kafkajs';
import type { PartitionLag, TopicSpec } from './types.js';

export class Admin {
  private readonly admin: ClientAdmin;

  constructor(kafka: Kafka) {
    this.admin = kafka.admin();
  }

  connect(): Promise<void> {
    return this.admin.connect();
  }

  disconnect(): Promise<void> {
    return this.admin.disconnect();
  }

  /** Creates the topics that do not exist yet; existing ones are left as they are. */
  async ensureTopics(specs: TopicSpec[]): Promise<string[]> {
    const existing = new Set(await this.admin.listTopics());
    const missing = specs.filter((s) => !existing.has(s.topic));
    if (missing.length === 0) return [];
    await this.admin.createTopics({
      waitForLeaders: true,
      topics: missing.map((s) => ({
        topic: s.topic,
        numPartitions: s.partitions,
        replicationFactor: s.replicationFactor ?? 1,
        configEntries: Object.entries(s.config ?? {}).map(([name, value]) => ({ name, value })),
      })),
    });
    return missing.map((s) => s.topic);
  }

  async partitionCounts(topics: string[]): Promise<Map<string, number>> {
    const metadata = await this.admin.fetchTopicMetadata({ topics });
    return new Map(metadata.topics.map((t) => [t.name, t.partitions.length]));
  }

  async topicExists(topic: string): Promise<boolean> {
    return (await this.admin.listTopics()).includes(topic);
  }

  /** How far the group's committed offsets are behind the end of each partition. */
  async lag(groupId: string, topics: string[]): Promise<PartitionLag[]> {
    const committed = await this.admin.fetchOffsets({ groupId, topics });
    const out: PartitionLag[] = [];
    for (const { topic, partitions } of committed) {
      const ends = new Map((await this.admin.fetchTopicOffsets(topic)).map((o) => [o.partition, o]));
      for (const p of partitions) {
        const end = ends.get(p.partition);
        if (!end) continue;
        // -1 means nothing committed yet: everything from the low watermark is lag.
        const from = p.offset === '-1' ? Number(end.low) : Number(p.offset);
        out.push({
          topic,
          partition: p.partition,
          committed: p.offset,
          end: end.high,
          lag: Math.max(0, Number(end.high) - from),
        });
      }
    }
    return out;
  }
}
