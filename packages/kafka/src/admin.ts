import type { Admin as ClientAdmin, ConfigResourceTypes, Kafka } from 'kafkajs';
import type { PartitionLag, TopicSpec } from './types.js';

// kafkajs's enum is not visible to ES module imports of the CommonJS package; TOPIC is 2 in the Kafka protocol.
const TOPIC_RESOURCE = 2 as ConfigResourceTypes;

export interface AdminOptions {
  /**
   * Give up on a request within about a second instead of retrying for up
   * to half a minute: for a probe that runs every few hundred milliseconds
   * and must see the broker come back as soon as it does.
   */
  failFast?: boolean;
}

export class Admin {
  private readonly admin: ClientAdmin;

  constructor(kafka: Kafka, options: AdminOptions = {}) {
    this.admin = kafka.admin(
      options.failFast ? { retry: { initialRetryTime: 100, maxRetryTime: 500, retries: 2 } } : {},
    );
  }

  connect(): Promise<void> {
    return this.admin.connect();
  }

  disconnect(): Promise<void> {
    return this.admin.disconnect();
  }

  /**
   * Creates the topics that do not exist yet (existing ones are left as they
   * are) and waits until every partition of every named topic has a leader.
   * Several instances may run this at once: a topic another one created in
   * between counts as existing.
   */
  async ensureTopics(specs: TopicSpec[], timeoutMs = 60_000): Promise<string[]> {
    const existing = new Set(await this.admin.listTopics());
    const missing = specs.filter((s) => !existing.has(s.topic));
    if (missing.length > 0) {
      await this.admin.createTopics({
        waitForLeaders: false,
        topics: missing.map((s) => ({
          topic: s.topic,
          numPartitions: s.partitions,
          replicationFactor: s.replicationFactor ?? 1,
          configEntries: Object.entries(s.config ?? {}).map(([name, value]) => ({ name, value })),
        })),
      });
    }
    await this.waitForLeaders(
      specs.map((s) => s.topic),
      timeoutMs,
    );
    return missing.map((s) => s.topic);
  }

  private async waitForLeaders(topics: string[], timeoutMs: number): Promise<void> {
    const deadline = Date.now() + timeoutMs;
    for (;;) {
      try {
        const metadata = await this.admin.fetchTopicMetadata({ topics });
        if (metadata.topics.every((t) => t.partitions.length > 0 && t.partitions.every((p) => p.leader >= 0)))
          return;
      } catch (error) {
        // A topic just created is briefly unknown to the metadata cache: retriable.
        if (!(error as { retriable?: boolean }).retriable || Date.now() > deadline) throw error;
      }
      if (Date.now() > deadline)
        throw new Error(`topics have no leader after ${timeoutMs} ms: ${topics.join(', ')}`);
      await new Promise((resolve) => setTimeout(resolve, 100));
    }
  }

  async partitionCounts(topics: string[]): Promise<Map<string, number>> {
    const metadata = await this.admin.fetchTopicMetadata({ topics });
    return new Map(metadata.topics.map((t) => [t.name, t.partitions.length]));
  }

  /**
   * Each topic's `max.message.bytes`: the largest record batch the broker
   * accepts on it (the topic's own setting, else the broker's default).
   */
  async maxMessageBytes(topics: string[]): Promise<Map<string, number>> {
    const described = await this.admin.describeConfigs({
      includeSynonyms: false,
      resources: topics.map((name) => ({
        type: TOPIC_RESOURCE,
        name,
        configNames: ['max.message.bytes'],
      })),
    });
    const out = new Map<string, number>();
    for (const resource of described.resources) {
      const entry = resource.configEntries.find((e) => e.configName === 'max.message.bytes');
      if (entry) out.set(resource.resourceName, Number(entry.configValue));
    }
    return out;
  }

  /** Sets topic configs (e.g. `max.message.bytes`) of an existing topic; others keep their values. */
  async setTopicConfig(topic: string, config: Record<string, string>): Promise<void> {
    await this.admin.alterConfigs({
      validateOnly: false,
      resources: [
        {
          type: TOPIC_RESOURCE,
          name: topic,
          configEntries: Object.entries(config).map(([name, value]) => ({ name, value })),
        },
      ],
    });
  }

  /**
   * Per partition, the offset of the first record at or after `timestampMs`
   * (the end of the partition when there is none), and the end itself.
   */
  async offsetsFrom(topic: string, timestampMs: number): Promise<Map<number, { from: string; end: string }>> {
    const [byTime, ends] = await Promise.all([
      this.admin.fetchTopicOffsetsByTimestamp(topic, timestampMs),
      this.admin.fetchTopicOffsets(topic),
    ]);
    const out = new Map<number, { from: string; end: string }>();
    for (const end of ends) {
      const found = byTime.find((p) => p.partition === end.partition)?.offset;
      const from = found === undefined || found === '-1' ? end.high : found;
      out.set(end.partition, { from, end: end.high });
    }
    return out;
  }

  /** Each topic's `retention.ms` (-1: kept forever). */
  async retentionMs(topics: string[]): Promise<Map<string, number>> {
    const described = await this.admin.describeConfigs({
      includeSynonyms: false,
      resources: topics.map((name) => ({ type: TOPIC_RESOURCE, name, configNames: ['retention.ms'] })),
    });
    const out = new Map<string, number>();
    for (const resource of described.resources) {
      const entry = resource.configEntries.find((e) => e.configName === 'retention.ms');
      if (entry) out.set(resource.resourceName, Number(entry.configValue));
    }
    return out;
  }

  /** Removes a consumer group that is done (a one-off reader's), so it leaves nothing behind. */
  async deleteGroup(groupId: string): Promise<void> {
    await this.admin.deleteGroups([groupId]);
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
