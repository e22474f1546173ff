import { AssignerProtocol, type PartitionAssigner } from 'kafkajs';

export const CO_PARTITIONED = 'slawatch-co-partitioned';

/**
 * Gives each consumer the same partition numbers of every subscribed topic.
 * A waybill's events are keyed by waybill on every input topic; with equal
 * partition counts and the same key partitioner, partition p of each topic
 * holds the same waybills, so one instance owns a waybill across all topics.
 * kafkajs's default round-robin assignor spreads partitions topic by topic and
 * would split a waybill's topics across instances.
 */
export const coPartitionedAssignor: PartitionAssigner = ({ cluster }) => ({
  name: CO_PARTITIONED,
  version: 1,
  async assign({ members, topics }) {
    const memberIds = members.map((m) => m.memberId).sort();
    const assignment = new Map<string, Record<string, number[]>>(memberIds.map((id) => [id, {}]));
    for (const topic of topics) {
      const partitions = cluster
        .findTopicPartitionMetadata(topic)
        .map((p) => p.partitionId)
        .sort((a, b) => a - b);
      for (const partition of partitions) {
        const owner = memberIds[partition % memberIds.length];
        if (owner === undefined) continue;
        const topicsOfOwner = assignment.get(owner)!;
        const partitionsOfTopic = topicsOfOwner[topic] ?? [];
        partitionsOfTopic.push(partition);
        topicsOfOwner[topic] = partitionsOfTopic;
      }
    }
    return memberIds.map((memberId) => ({
      memberId,
      memberAssignment: AssignerProtocol.MemberAssignment.encode({
        version: 1,
        assignment: assignment.get(memberId)!,
        userData: Buffer.alloc(0),
      }),
    }));
  },
  protocol({ topics }) {
    return {
      name: CO_PARTITIONED,
      metadata: AssignerProtocol.MemberMetadata.encode({ version: 1, topics, userData: Buffer.alloc(0) }),
    };
  },
});
