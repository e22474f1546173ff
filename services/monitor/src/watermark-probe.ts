import type { Assignment, PartitionLag } from '@slawatch/kafka';
import type { Logger } from '@slawatch/logger';
import type { StoredOffset } from '@slawatch/shipment-store';
import type { EvidenceWatermark } from './evidence-watermark.js';
import { RepeatingTask } from './repeating-task.js';

export interface WatermarkProbeOptions {
  watermark: EvidenceWatermark;
  /** The input partitions owned now, by topic. */
  assignment: () => Assignment;
  /** The offsets whose effects the store holds (see ShipmentStore.offsets). */
  storedOffsets: (assignment: Assignment) => Promise<StoredOffset[]>;
  /** The group's committed offsets and each partition's end. */
  lag: () => Promise<PartitionLag[]>;
  intervalMs: number;
  logger: Logger;
}

/**
 * Tells the watermark which input partitions are caught up. A quiet
 * partition brings no records, so only asking the broker for its end shows
 * that nothing was left to read there. Caught up means the offset the store
 * holds effects up to has reached the end (Kafka's committed offset only for
 * a partition the store has never seen): after a Redis restart that lost
 * writes, Kafka's offset is at the end but the store's is not.
 */
/** A broker slower than this to tell the partitions' ends counts as unreachable (see EvidenceWatermark.brokerLost). */
const BROKER_SILENCE_MS = 3000;

export class WatermarkProbe {
  private readonly probing: RepeatingTask;
  /** When the broker last answered a probe: where the watermark stays if it stops answering. */
  private brokerAnsweredMs = Date.now();
  private brokerLost = false;
  /** What was last logged of a broker outage's hold (whether its grace was over, and the partitions held): logged on change only. */
  private loggedHold = '';

  constructor(private readonly options: WatermarkProbeOptions) {
    this.probing = new RepeatingTask({
      work: () => this.probeOnce(),
      intervalMs: options.intervalMs,
      onError: (error) => options.logger.debug({ err: error }, 'watermark probe failed; retrying'),
    });
  }

  start(): void {
    this.probing.start();
  }

  async probeOnce(): Promise<void> {
    const { watermark, assignment, storedOffsets, lag } = this.options;
    // Taken before either read: whatever was at the end then has been read if the positions reached it.
    const startedMs = Date.now();
    const owned = assignment();
    watermark.own([...new Set(Object.values(owned).flat())], startedMs);
    if (Object.keys(owned).length === 0) return;
    const stored = new Map(
      (await storedOffsets(owned)).map((o) => [`${o.topic}/${o.partition}`, BigInt(o.offset)]),
    );
    const ownedKeys = new Set(Object.entries(owned).flatMap(([topic, ps]) => ps.map((p) => `${topic}/${p}`)));
    for (const partition of await this.askBroker(lag)) {
      const key = `${partition.topic}/${partition.partition}`;
      if (!ownedKeys.has(key)) continue;
      const position = stored.get(key);
      const caughtUp = position === undefined ? partition.lag === 0 : position >= BigInt(partition.end);
      if (caughtUp) watermark.caughtUp(partition.topic, partition.partition, startedMs, Date.now());
    }
    this.noteOutageHold();
  }

  /** Logs when a broker outage stops holding deadlines back, or which partitions it still holds. */
  private noteOutageHold(): void {
    const nowMs = Date.now();
    const hold = this.options.watermark.brokerOutageHold(nowMs);
    const graceOver = hold?.graceEndsMs !== undefined && nowMs >= hold.graceEndsMs;
    const held = hold ? `${graceOver}:${hold.partitions.join(',')}` : '';
    if (held === this.loggedHold) return;
    if (!hold)
      this.options.logger.info('broker outage over: every partition has read what publishers flushed');
    else if (graceOver)
      this.options.logger.info(
        { partitions: hold.partitions },
        'broker outage: deadlines of these partitions wait until they have read what publishers flushed',
      );
    this.loggedHold = held;
  }

  /**
   * The partitions' ends and committed offsets. A broker that fails or is
   * slow to answer is an outage for the watermark: publishers could not
   * publish either (kafkajs retries for a while before it gives up, so a
   * silence counts before the error does).
   */
  private async askBroker(lag: () => Promise<PartitionLag[]>): Promise<PartitionLag[]> {
    const { watermark } = this.options;
    const lastAnswerMs = this.brokerAnsweredMs;
    const askedMs = Date.now();
    const lost = () => {
      if (!this.brokerLost)
        this.options.logger.warn(
          { lastAnswerAt: new Date(lastAnswerMs).toISOString() },
          'broker unreachable: deadlines due since it last answered wait for it',
        );
      this.brokerLost = true;
      watermark.brokerLost(lastAnswerMs);
    };
    const silent = setTimeout(lost, BROKER_SILENCE_MS);
    try {
      const partitions = await lag();
      watermark.brokerRegained(Date.now());
      if (this.brokerLost) {
        const hold = watermark.brokerOutageHold(Date.now());
        this.options.logger.warn(
          {
            graceEnds: hold?.graceEndsMs === undefined ? undefined : new Date(hold.graceEndsMs).toISOString(),
          },
          'broker back: deadlines due during the outage wait until each partition has read what publishers flushed by the end of the grace',
        );
      }
      this.brokerLost = false;
      this.brokerAnsweredMs = askedMs;
      return partitions;
    } catch (error) {
      lost();
      throw error;
    } finally {
      clearTimeout(silent);
    }
  }

  async stop(): Promise<void> {
    await this.probing.stop();
  }
}
