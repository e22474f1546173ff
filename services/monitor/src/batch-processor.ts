import { deadLetterRecord, parseRecord, type TopicFamily } from '@slawatch/contract';
import type { OutgoingRecord, Producer, RecordBatch } from '@slawatch/kafka';
import type { Logger } from '@slawatch/logger';
import type { ShipmentStore, ShipmentWrite } from '@slawatch/shipment-store';
import type { MonitorMetrics } from './metrics.js';
import type { PartitionLock } from './partition-lock.js';
import type { ArrivedEvent, EvaluatedShipment, ShipmentEvaluation } from './shipment-evaluation.js';

export interface BatchProcessorOptions {
  familyOfTopic: Map<string, TopicFamily>;
  deadLetterTopic: string;
  maxBytes: number;
  maxFutureSkewMs: number;
  /** Conflicting writes (another writer changed a shipment meanwhile) are re-evaluated this often. */
  maxAttempts?: number;
}

/**
 * One batch of one input partition: parse every record against the
 * contract, send the refused ones to the dead-letter topic, evaluate the
 * accepted ones per waybill (in offset order) and commit the new states
 * with the breach changes they caused. It resolves only when all of that is
 * durable; only then does the consumer commit the batch's offsets.
 */
export class BatchProcessor {
  constructor(
    private readonly store: ShipmentStore,
    private readonly evaluation: ShipmentEvaluation,
    private readonly producer: Producer,
    private readonly lock: PartitionLock,
    private readonly metrics: MonitorMetrics,
    private readonly options: BatchProcessorOptions,
    private readonly logger: Logger,
    private readonly onCommitted: (partition: number, results: EvaluatedShipment[]) => void,
  ) {}

  async process(batch: RecordBatch): Promise<void> {
    const started = performance.now();
    const now = Date.now();
    const family = this.options.familyOfTopic.get(batch.topic);
    if (!family) throw new Error(`not an input topic: ${batch.topic}`);
    const deadLetters: OutgoingRecord[] = [];
    const byWaybill = new Map<string, ArrivedEvent[]>();
    for (const record of batch.records) {
      const result = parseRecord(
        { key: record.key, value: record.value, topicFamily: family },
        { maxBytes: this.options.maxBytes, maxFutureSkewMs: this.options.maxFutureSkewMs, now },
      );
      if (!result.ok) {
        this.metrics.rejected(batch.topic, result.reason);
        deadLetters.push({
          key: record.key,
          value: JSON.stringify(
            deadLetterRecord({
              reason: result.reason,
              message: result.message,
              topic: record.topic,
              partition: record.partition,
              offset: record.offset,
              key: record.key,
              value: record.value,
              headers: record.headers,
              rejectedAt: now,
            }),
          ),
        });
        this.logger.debug(
          { reason: result.reason, offset: record.offset, topic: batch.topic },
          'record refused',
        );
        continue;
      }
      const arrived: ArrivedEvent = {
        event: result.event,
        timeMs: result.timeMs,
        arrivedMs: Number(record.timestamp),
      };
      const list = byWaybill.get(result.event.subject);
      if (list) list.push(arrived);
      else byWaybill.set(result.event.subject, [arrived]);
    }
    // A refused record is committed past only once the dead-letter topic has it.
    await this.producer.send(this.options.deadLetterTopic, deadLetters);
    if (byWaybill.size > 0) {
      await this.lock.run(batch.partition, () => this.apply(batch.partition, batch.topic, byWaybill));
    }
    this.metrics.batchSeconds.observe((performance.now() - started) / 1000);
  }

  private async apply(
    partition: number,
    topic: string,
    byWaybill: Map<string, ArrivedEvent[]>,
  ): Promise<void> {
    const waybills = [...byWaybill.keys()];
    const maxAttempts = this.options.maxAttempts ?? 5;
    for (let attempt = 1; ; attempt++) {
      const now = Date.now();
      const stored = await this.store.load(partition, waybills);
      const writes: ShipmentWrite[] = [];
      const outbox: string[] = [];
      const results: EvaluatedShipment[] = [];
      for (const waybill of waybills) {
        const before = stored.get(waybill);
        const result = this.evaluation.applyEvents(before, byWaybill.get(waybill)!, now);
        results.push(result);
        if (result.unchanged) continue;
        writes.push({ waybill, expected: before, next: result.next });
        for (const change of result.changes) outbox.push(JSON.stringify(change));
      }
      const { conflicts } = await this.store.commit(partition, writes, outbox);
      if (conflicts.length === 0) {
        for (const result of results) this.metrics.evaluated(topic, result);
        this.onCommitted(partition, results);
        return;
      }
      this.metrics.storeConflicts.inc();
      if (attempt >= maxAttempts) {
        throw new Error(
          `shipments kept changing under us on partition ${partition}: ${conflicts.join(', ')}`,
        );
      }
    }
  }
}
