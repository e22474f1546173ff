import type { BreachChange } from '@slawatch/contract';

/**
 * The order in which one batch's breaches are taken in hand: round robin over
 * their likely cause (standard and the facility where the parcel was last
 * seen), in order of first appearance. A storm puts thousands of breaches of
 * one cause in a batch; taken in arrival order, an unrelated breach behind
 * them would wait for all of them. Taken this way it is among the first
 * handful. Each breach's own changes stay together and in order. Pure.
 */
export function fairOrder(breaches: ReadonlyArray<ReadonlyArray<BreachChange>>): BreachChange[][] {
  const byCause = new Map<string, BreachChange[][]>();
  for (const changes of breaches) {
    const first = changes[0];
    if (!first) continue;
    const cause = causeKey(first);
    const queue = byCause.get(cause);
    if (queue) queue.push([...changes]);
    else byCause.set(cause, [[...changes]]);
  }
  const queues = [...byCause.values()];
  const ordered: BreachChange[][] = [];
  for (let round = 0; ordered.length < breaches.length; round++) {
    let took = false;
    for (const queue of queues) {
      const next = queue[round];
      if (next) {
        ordered.push(next);
        took = true;
      }
    }
    if (!took) break;
  }
  return ordered;
}

function causeKey(change: BreachChange): string {
  const seen = change.cause?.lastSeen;
  return seen ? `${change.standard}|${seen.kind}:${seen.id}` : `${change.standard}|`;
}
