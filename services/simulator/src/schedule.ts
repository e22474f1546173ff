import {
  type SimulatedRecord,
  type SimulatedShipment,
  type Simulation,
  simulateShipment,
} from '@slawatch/network-simulation';
import { RecordQueue } from './record-queue.js';

export interface ScheduleOptions {
  /** Parcels started per second. */
  rate: number;
  /** Epoch ms of the first order. */
  startMs: number;
  /** No parcel starts at or after startMs + durationMs; 0 = forever. */
  durationMs: number;
  /** At most this many parcels start in one call, so a paused process catches up gradually. */
  maxStartsPerCall?: number;
}

/**
 * Which parcels start when and which records are due: the simulator's clock
 * logic, apart from Kafka so it can be tested with any `nowMs`.
 */
export class PublicationSchedule {
  private readonly queue = new RecordQueue();
  private nextIndex = 0;

  constructor(
    private readonly simulation: Simulation,
    private readonly options: ScheduleOptions,
  ) {}

  /** Order time of parcel `index`. */
  private startOf(index: number): number {
    return Math.round(this.options.startMs + (index * 1000) / this.options.rate);
  }

  private accepting(startMs: number): boolean {
    return this.options.durationMs === 0 || startMs < this.options.startMs + this.options.durationMs;
  }

  /** Starts every parcel whose order time has come; their records join the queue. */
  startDue(nowMs: number): SimulatedShipment[] {
    const started: SimulatedShipment[] = [];
    const limit = this.options.maxStartsPerCall ?? Number.POSITIVE_INFINITY;
    while (started.length < limit) {
      const startMs = this.startOf(this.nextIndex);
      if (startMs > nowMs || !this.accepting(startMs)) break;
      const shipment = simulateShipment(this.simulation, this.nextIndex, startMs);
      this.nextIndex++;
      for (const record of shipment.records) this.queue.push(record);
      started.push(shipment);
    }
    return started;
  }

  /** Puts records back (a failed send), to be published again at once. */
  requeue(records: ReadonlyArray<SimulatedRecord>): void {
    for (const record of records) this.queue.push(record);
  }

  takeDue(nowMs: number): SimulatedRecord[] {
    return this.queue.takeDue(nowMs);
  }

  get pendingRecords(): number {
    return this.queue.size;
  }

  get shipmentsStarted(): number {
    return this.nextIndex;
  }

  /** True once no parcel will start any more and every record has been taken. */
  finished(): boolean {
    return !this.accepting(this.startOf(this.nextIndex)) && this.queue.size === 0;
  }
}
