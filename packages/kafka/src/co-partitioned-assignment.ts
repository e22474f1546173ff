/** Partitions of each topic a member owns: topic → partition numbers, ascending. */
export type TopicPartitions = Record<string, number[]>;

export interface CoPartitionedInput {
  /** The group's members, in any order. */
  memberIds: readonly string[];
  /** Every subscribed topic and its partition numbers, in any order. */
  partitionsOfTopic: Readonly<Record<string, readonly number[]>>;
}

export interface MemberPartitions {
  memberId: string;
  assignment: TopicPartitions;
}

/**
 * Partition p of every topic goes to the same member: the (p mod n)-th of the
 * members sorted by id. Sorting makes every member that computes the
 * assignment agree on it, whatever order the coordinator listed them in.
 * Members come back sorted by id; a member owning no partition of a topic
 * has no entry for it.
 */
export function coPartitionedAssignment(input: CoPartitionedInput): MemberPartitions[] {
  const memberIds = [...input.memberIds].sort();
  // Maps, not object keys: a topic may be named like an Object.prototype member ("constructor").
  const owned = new Map<string, Map<string, number[]>>(memberIds.map((id) => [id, new Map()]));
  for (const [topic, partitionIds] of Object.entries(input.partitionsOfTopic)) {
    const partitions = [...partitionIds].sort((a, b) => a - b);
    for (const partition of partitions) {
      const owner = memberIds[partition % memberIds.length];
      if (owner === undefined) continue;
      const topicsOfOwner = owned.get(owner)!;
      const partitionsOfTopic = topicsOfOwner.get(topic) ?? [];
      partitionsOfTopic.push(partition);
      topicsOfOwner.set(topic, partitionsOfTopic);
    }
  }
  return memberIds.map((memberId) => ({
    memberId,
    assignment: Object.fromEntries(owned.get(memberId)!),
  }));
}
