import { AssignerProtocol, type PartitionAssigner } from 'kafkajs';
import { coPartitionedAssignment } from './co-partitioned-assignment.js';

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
    const partitionsOfTopic = Object.fromEntries(
      topics.map((topic) => [topic, cluster.findTopicPartitionMetadata(topic).map((p) => p.partitionId)]),
    );
    const assignment = coPartitionedAssignment({
      memberIds: members.map((m) => m.memberId),
      partitionsOfTopic,
    });
    return assignment.map(({ memberId, assignment }) => ({
      memberId,
      memberAssignment: AssignerProtocol.MemberAssignment.encode({
        version: 1,
        assignment,
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
