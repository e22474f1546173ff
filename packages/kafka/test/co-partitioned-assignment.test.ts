import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { coPartitionedAssignment, type MemberPartitions } from '../src/co-partitioned-assignment.js';

/** Kafka topic names: letters, digits, dot, underscore and hyphen. */
const topicName = fc.stringMatching(/^[a-zA-Z0-9._-]{1,12}$/);

/** A consumer group: 1 to 12 members with any ids, and 1 to 5 topics with 1 to 48 partitions each. */
const group = fc.record({
  memberIds: fc.uniqueArray(fc.string({ minLength: 1, maxLength: 40 }), { minLength: 1, maxLength: 12 }),
  partitionCounts: fc.dictionary(topicName, fc.integer({ min: 1, max: 48 }), { minKeys: 1, maxKeys: 5 }),
});

function partitionsOfTopic(counts: Record<string, number>): Record<string, number[]> {
  return Object.fromEntries(
    Object.entries(counts).map(([topic, count]) => [topic, Array.from({ length: count }, (_, p) => p)]),
  );
}

/** A group and the assignment computed for it. */
const assignedGroup = group.map(({ memberIds, partitionCounts }) => ({
  memberIds,
  partitionCounts,
  assignment: coPartitionedAssignment({ memberIds, partitionsOfTopic: partitionsOfTopic(partitionCounts) }),
}));

function ownedPartitions(member: MemberPartitions, topic: string): number[] {
  return Object.hasOwn(member.assignment, topic) ? member.assignment[topic]! : [];
}

describe('coPartitionedAssignment', () => {
  it('gives each member the same partition numbers of every topic that has them', () => {
    fc.assert(
      fc.property(assignedGroup, ({ partitionCounts, assignment }) => {
        const topics = Object.keys(partitionCounts);
        for (const member of assignment) {
          for (const first of topics) {
            for (const second of topics) {
              const common = Math.min(partitionCounts[first]!, partitionCounts[second]!);
              const below = (p: number) => p < common;
              expect(ownedPartitions(member, first).filter(below)).toEqual(
                ownedPartitions(member, second).filter(below),
              );
            }
          }
        }
      }),
    );
  });

  it('with equal partition counts, gives each member identical partition lists for all topics', () => {
    fc.assert(
      fc.property(group, fc.integer({ min: 1, max: 48 }), ({ memberIds, partitionCounts }, count) => {
        const equal = Object.fromEntries(Object.keys(partitionCounts).map((topic) => [topic, count]));
        const topics = Object.keys(equal);
        const assignment = coPartitionedAssignment({
          memberIds,
          partitionsOfTopic: partitionsOfTopic(equal),
        });
        for (const member of assignment) {
          const lists = topics.map((topic) => ownedPartitions(member, topic));
          for (const list of lists) expect(list).toEqual(lists[0]);
        }
      }),
    );
  });

  it('assigns every partition of every topic to exactly one member, and only the members of the group', () => {
    fc.assert(
      fc.property(assignedGroup, ({ memberIds, partitionCounts, assignment }) => {
        expect(assignment.map((m) => m.memberId).sort()).toEqual([...memberIds].sort());
        for (const [topic, count] of Object.entries(partitionCounts)) {
          const owned = assignment.flatMap((member) => ownedPartitions(member, topic));
          expect(owned.sort((a, b) => a - b)).toEqual(Array.from({ length: count }, (_, p) => p));
        }
        for (const member of assignment) {
          expect(Object.keys(member.assignment).every((topic) => Object.hasOwn(partitionCounts, topic))).toBe(
            true,
          );
        }
      }),
    );
  });

  it('balances each topic: member partition counts differ by one at most', () => {
    fc.assert(
      fc.property(assignedGroup, ({ partitionCounts, assignment }) => {
        for (const topic of Object.keys(partitionCounts)) {
          const sizes = assignment.map((member) => ownedPartitions(member, topic).length);
          expect(Math.max(...sizes) - Math.min(...sizes)).toBeLessThanOrEqual(1);
        }
      }),
    );
  });

  it('gives the same answer whatever order the members, topics and partitions are listed in', () => {
    fc.assert(
      fc.property(
        group.chain(({ memberIds, partitionCounts }) => {
          const topics = Object.keys(partitionCounts);
          const partitions = partitionsOfTopic(partitionCounts);
          return fc.record({
            memberIds: fc.constant(memberIds),
            partitions: fc.constant(partitions),
            shuffledMembers: fc.shuffledSubarray(memberIds, {
              minLength: memberIds.length,
              maxLength: memberIds.length,
            }),
            shuffledTopics: fc.shuffledSubarray(topics, {
              minLength: topics.length,
              maxLength: topics.length,
            }),
            shuffledPartitions: fc.tuple(
              ...topics.map((topic) =>
                fc.shuffledSubarray(partitions[topic]!, {
                  minLength: partitions[topic]!.length,
                  maxLength: partitions[topic]!.length,
                }),
              ),
            ),
          });
        }),
        ({ memberIds, partitions, shuffledMembers, shuffledTopics, shuffledPartitions }) => {
          const topics = Object.keys(partitions);
          const reordered = Object.fromEntries(
            shuffledTopics.map((topic) => [topic, shuffledPartitions[topics.indexOf(topic)]!]),
          );
          const original = coPartitionedAssignment({ memberIds, partitionsOfTopic: partitions });
          const again = coPartitionedAssignment({ memberIds: shuffledMembers, partitionsOfTopic: reordered });
          expect(again).toEqual(original);
        },
      ),
    );
  });

  it('gives partition p to the (p mod n)-th member by id', () => {
    const assignment = coPartitionedAssignment({
      memberIds: ['consumer-c', 'consumer-a', 'consumer-b'],
      partitionsOfTopic: { 'logistics.orders': [0, 1, 2, 3, 4, 5, 6], 'logistics.dispatch': [3, 0, 1, 2] },
    });
    expect(assignment).toEqual([
      { memberId: 'consumer-a', assignment: { 'logistics.orders': [0, 3, 6], 'logistics.dispatch': [0, 3] } },
      { memberId: 'consumer-b', assignment: { 'logistics.orders': [1, 4], 'logistics.dispatch': [1] } },
      { memberId: 'consumer-c', assignment: { 'logistics.orders': [2, 5], 'logistics.dispatch': [2] } },
    ]);
  });

  it('assigns topics whose names are also names of object properties', () => {
    const assignment = coPartitionedAssignment({
      memberIds: ['b', 'a'],
      partitionsOfTopic: Object.fromEntries([
        ['constructor', [0, 1]],
        ['__proto__', [1, 0]],
        ['toString', [0]],
      ]),
    });
    expect(assignment.map((member) => Object.entries(member.assignment))).toEqual([
      [
        ['constructor', [0]],
        ['__proto__', [0]],
        ['toString', [0]],
      ],
      [
        ['constructor', [1]],
        ['__proto__', [1]],
      ],
    ]);
  });
});
