import type { TopicFamily } from '@slawatch/contract';
import type { OutgoingRecord, Producer } from '@slawatch/kafka';
import type { Logger } from '@slawatch/logger';
import type { SimulatorMetrics } from './metrics.js';
import type { PublicationSchedule } from './schedule.js';
import type { TruthLog } from './truth-log.js';
import type { TruthSummary } from './truth-summary.js';

export interface RunnerParts {
  schedule: PublicationSchedule;
  producer: Producer;
  topics: Record<TopicFamily, string>;
  metrics: SimulatorMetrics;
  summary: TruthSummary;
  truthLog: TruthLog;
  logger: Logger;
}

/** Drives the schedule from the wall clock: starts parcels, writes their truth, publishes due records. */
export class SimulationRunner {
  private timer: NodeJS.Timeout | undefined;
  private running: Promise<void> | undefined;
  private finished = false;

  constructor(private readonly parts: RunnerParts) {}

  start(tickMs = 20): void {
    this.timer = setInterval(() => {
      // One tick at a time: a slow send delays the next tick instead of overlapping it.
      if (this.running === undefined) this.running = this.tick().finally(() => (this.running = undefined));
    }, tickMs);
  }

  async stop(): Promise<void> {
    clearInterval(this.timer);
    await this.running;
  }

  private async tick(): Promise<void> {
    const { schedule, producer, topics, metrics, summary, truthLog, logger } = this.parts;
    const started = schedule.startDue(Date.now());
    for (const shipment of started) {
      metrics.started(shipment);
      summary.add(shipment);
    }
    await truthLog.write(started.flatMap((shipment) => shipment.truth));
    const due = schedule.takeDue(Date.now());
    if (due.length > 0) {
      const byTopic = new Map<string, OutgoingRecord[]>();
      for (const record of due) {
        const topic = topics[record.topicFamily];
        const list = byTopic.get(topic) ?? [];
        list.push({ key: record.key, value: record.value });
        byTopic.set(topic, list);
      }
      try {
        await producer.sendMany(byTopic);
        metrics.published(due, Date.now());
      } catch (error) {
        // Dropping them would make the ground truth wrong; they go out with the next tick instead.
        schedule.requeue(due);
        logger.warn({ err: error, records: due.length }, 'publishing failed; retrying');
      }
    }
    metrics.pendingRecords.set(schedule.pendingRecords);
    if (!this.finished && schedule.finished()) {
      this.finished = true;
      logger.info(
        { shipments: schedule.shipmentsStarted },
        'simulation finished: every parcel started and every record published',
      );
    }
  }
}
