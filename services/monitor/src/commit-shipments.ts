import { ReadAgainFrom } from '@slawatch/kafka';
import type { InputPosition, OutboxRecord, ShipmentStore, ShipmentWrite } from '@slawatch/shipment-store';
import type { AttainmentTally } from './attainment-tally.js';
import { BatchTotals } from './batch-totals.js';
import { type JudgementHorizon, wallClock } from './evidence-watermark.js';
import type { MonitorMetrics } from './metrics.js';
import type { EvaluatedShipment } from './shipment-evaluation.js';

/** The shipments of one partition to evaluate and commit together. */
export interface CommitWork {
  partition: number;
  waybills: string[];
  /**
   * Their stored values, when the caller has read them already (the
   * scheduler's due shipments); otherwise, and after a conflict, they are loaded.
   */
  stored?: Map<string, Buffer | undefined>;
  /** Evaluates one shipment from its stored value; undefined leaves it as it is. */
  evaluate(
    waybill: string,
    stored: Buffer | undefined,
    clock: JudgementHorizon,
  ): EvaluatedShipment | undefined;
  /** The input topic of the events evaluated; absent when the clock fired deadlines. */
  topic?: string;
  /**
   * Where the batch starts and ends in its input partition: stored with its
   * effects, and checked against what is stored (see `ReadAgainFrom`).
   */
  position?: InputPosition;
  /**
   * Runs after evaluation and before the write, with what the shipments about
   * to be committed add up to: the batch processor writes the dead letters of
   * events the states refused (`totals.refused`) here, so the stored offset
   * never passes a refused event whose dead letter is not written. Runs again
   * if the write conflicts.
   */
  beforeCommit?(totals: BatchTotals): Promise<void>;
}

export interface CommittedShipments {
  partition: number;
  /** What the committed shipments added up to. */
  totals: BatchTotals;
  /** Breach changes appended to the partition's outbox. */
  outboxed: number;
}

export interface ShipmentCommitterOptions {
  store: ShipmentStore;
  metrics: MonitorMetrics;
  /** Told after each durable commit; the monitor nudges the outbox relay from here. */
  onCommitted?: (committed: CommittedShipments) => void;
  /** Conflicting writes (another writer changed a shipment meanwhile) are re-evaluated this often. */
  maxAttempts?: number;
  /** How far a partition's deadlines are judged now (the evidence watermark); the wall clock when absent. */
  horizon?: (partition: number, nowMs: number) => JudgementHorizon;
  /** Counts attainment in the same commit as the states; absent, nothing is counted. */
  attainment?: AttainmentTally;
}

/**
 * The one unit that commits evaluated shipments, for the batch processor
 * and the deadline scheduler alike: it reads the shipments, has the caller
 * evaluate them (which encodes each changed one once), and writes the states,
 * their deadlines and the breach changes they caused in one conditional
 * script (commit.lua). If another writer changed a shipment since it was
 * read, nothing is written and the work is read and evaluated again. Only
 * once the commit is durable are the metrics recorded.
 *
 * A batch's input position is committed with its effects. If the store holds
 * an earlier position than the batch's start, it lost writes (Redis restarted
 * from an AOF behind): nothing is written and `ReadAgainFrom` tells the
 * consumer to read the lost part again.
 */
export class ShipmentCommitter {
  private readonly store: ShipmentStore;
  private readonly metrics: MonitorMetrics;
  private readonly onCommitted: (committed: CommittedShipments) => void;
  private readonly maxAttempts: number;
  private readonly horizon: (partition: number, nowMs: number) => JudgementHorizon;
  private readonly attainment: AttainmentTally | undefined;

  constructor(options: ShipmentCommitterOptions) {
    this.store = options.store;
    this.metrics = options.metrics;
    this.onCommitted = options.onCommitted ?? (() => undefined);
    this.maxAttempts = options.maxAttempts ?? 5;
    this.horizon = options.horizon ?? ((_, nowMs) => wallClock(nowMs));
    this.attainment = options.attainment;
  }

  /** Resolves with what the shipments added up to once they are durable; rejects if they kept conflicting. */
  async commit(work: CommitWork): Promise<BatchTotals> {
    for (let attempt = 1; ; attempt++) {
      const clock = this.horizon(work.partition, Date.now());
      const stored =
        attempt === 1 && work.stored ? work.stored : await this.store.load(work.partition, work.waybills);
      // Each shipment is counted as it is evaluated and not kept (see BatchTotals).
      const totals = new BatchTotals(this.attainment);
      const writes: ShipmentWrite[] = [];
      const outbox: OutboxRecord[] = [];
      for (const waybill of work.waybills) {
        const expected = stored.get(waybill);
        const shipment = work.evaluate(waybill, expected, clock);
        if (!shipment) continue;
        totals.add(shipment);
        if (shipment.unchanged) continue;
        writes.push({ waybill, expected, next: shipment.next });
        for (const change of shipment.changes)
          outbox.push({ key: change.waybill, value: JSON.stringify(change) });
      }
      await work.beforeCommit?.(totals);
      const counted = totals.attainment();
      const { conflicts, behindAt } = await this.store.commit(
        work.partition,
        writes,
        outbox,
        work.position,
        counted,
      );
      if (behindAt !== undefined && work.position) {
        throw new ReadAgainFrom({
          topic: work.position.topic,
          partition: work.partition,
          offset: behindAt,
          reason: `the store holds effects up to offset ${behindAt} only, the batch starts at ${work.position.startOffset}`,
        });
      }
      if (conflicts.length === 0) {
        this.metrics.committed(totals, work.topic, Date.now());
        this.onCommitted({ partition: work.partition, totals, outboxed: outbox.length });
        return totals;
      }
      this.metrics.storeConflicts.inc();
      if (attempt >= this.maxAttempts) {
        throw new Error(
          `shipments kept changing under us on partition ${work.partition}: ${conflicts.join(', ')}`,
        );
      }
    }
  }
}
