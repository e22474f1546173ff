import type { BreachChange } from '@slawatch/contract';
import type { AttainmentIncrement } from '@slawatch/shipment-store';
import type { AttainmentDays, AttainmentTally } from './attainment-tally.js';
import { innerMap } from './inner-map.js';
import type { EvaluatedShipment, RefusedEvent } from './shipment-evaluation.js';

/** Met and breached outcomes of one standard and segment. */
export interface DecidedCounts {
  met: number;
  breached: number;
}

/**
 * What one attempt at committing a batch adds up to, summed as each
 * shipment is evaluated: the events taken and dropped, the decided outcomes,
 * the attainment counts, and the few things kept whole (breach changes,
 * refused events, how late fired deadlines were). A batch's shipments are
 * not kept until the commit: their outcomes and attainment changes then die
 * young, where a batch's worth of them living through the evaluation of the
 * rest made the young-generation collector copy them. A conflict starts a
 * new one. The refused events are dead-lettered from it before the commit;
 * the metrics and `onCommitted` take it once the commit is durable.
 */
export class BatchTotals {
  /** Events applied and dropped as duplicates, by event type. */
  readonly accepted = new Map<string, number>();
  readonly duplicate = new Map<string, number>();
  /** Decided outcomes by standard, then segment (withdrawn ones are not counted). */
  readonly decided = new Map<string, Map<string, DecidedCounts>>();
  /** Every breach change, in evaluation order (few: most shipments change none). */
  readonly changes: BreachChange[] = [];
  /** Kafka receive time of the earliest event behind each shipment's changes. */
  readonly changeArrivalsMs: number[] = [];
  /** How long after their due time fired deadlines were judged, one per shipment fired. */
  readonly latenessMs: number[] = [];
  /** Events the shipments' states refused: dead-lettered before the commit. */
  readonly refused: RefusedEvent[] = [];
  /** Shipments evaluated (written or not). */
  shipments = 0;
  private readonly attainmentDays: AttainmentDays = new Map();

  constructor(private readonly tally?: AttainmentTally) {}

  add(shipment: EvaluatedShipment): void {
    this.shipments++;
    for (const type of shipment.acceptedTypes) this.accepted.set(type, (this.accepted.get(type) ?? 0) + 1);
    for (const type of shipment.duplicateTypes) this.duplicate.set(type, (this.duplicate.get(type) ?? 0) + 1);
    for (const outcome of shipment.outcomes) {
      // A withdrawn decision (later facts made it undecided) cannot be uncounted from a counter.
      if (outcome.withdrawn) continue;
      const bySegment = innerMap(this.decided, outcome.standard);
      let counts = bySegment.get(outcome.segment);
      if (!counts) {
        counts = { met: 0, breached: 0 };
        bySegment.set(outcome.segment, counts);
      }
      if (outcome.met) counts.met++;
      else counts.breached++;
    }
    this.tally?.add(this.attainmentDays, shipment.attainment);
    for (const change of shipment.changes) this.changes.push(change);
    if (shipment.changes.length > 0 && shipment.earliestArrivalMs !== undefined)
      this.changeArrivalsMs.push(shipment.earliestArrivalMs);
    if (shipment.lateByMs !== undefined) this.latenessMs.push(shipment.lateByMs);
    if (shipment.refused) for (const refused of shipment.refused) this.refused.push(refused);
  }

  /** The attainment counts to add with the states, per order day. */
  attainment(): AttainmentIncrement[] {
    return [...this.attainmentDays.values()];
  }
}
