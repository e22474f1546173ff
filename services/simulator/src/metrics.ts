import { EVENT_TYPES, SEGMENTS } from '@slawatch/contract';
import { registerProcessMetrics } from '@slawatch/lifecycle';
import { FAULTS, type SimulatedRecord, type SimulatedShipment } from '@slawatch/network-simulation';
import { Counter, Gauge, Histogram, Registry } from 'prom-client';

/** The simulator's metrics; labels come from the contract and the fault list, never a waybill. */
export class SimulatorMetrics {
  readonly registry = new Registry();
  readonly shipmentsStarted: Counter<'segment'>;
  readonly faultsInjected: Counter<'fault'>;
  readonly recordsPublished: Counter<'type' | 'fault'>;
  readonly expectedBreaches: Counter<'standard' | 'level' | 'status'>;
  readonly pendingRecords: Gauge;
  readonly publishLagSeconds: Histogram;

  constructor() {
    registerProcessMetrics(this.registry, 'simulator');
    const registers = [this.registry];
    this.shipmentsStarted = new Counter({
      name: 'slawatch_simulator_shipments_started_total',
      help: 'Parcels the simulator started (order created), by customer segment',
      labelNames: ['segment'],
      registers,
    });
    this.faultsInjected = new Counter({
      name: 'slawatch_simulator_faults_injected_total',
      help: 'Parcels started with each injected fault',
      labelNames: ['fault'],
      registers,
    });
    this.recordsPublished = new Counter({
      name: 'slawatch_simulator_events_published_total',
      help: 'Records published, by event type and the publication fault that shaped them (none, duplicate, out_of_order, late_arrival, malformed)',
      labelNames: ['type', 'fault'],
      registers,
    });
    this.expectedBreaches = new Counter({
      name: 'slawatch_simulator_expected_breaches_total',
      help: 'Breaches the ground truth says the monitor must report, by standard, level and final status',
      labelNames: ['standard', 'level', 'status'],
      registers,
    });
    this.pendingRecords = new Gauge({
      name: 'slawatch_simulator_pending_records',
      help: 'Records generated and waiting for their publication time',
      registers,
    });
    this.publishLagSeconds = new Histogram({
      name: 'slawatch_simulator_publish_lag_seconds',
      help: 'How long after its planned time a record was published; large values mean the simulator cannot keep up',
      buckets: [0.01, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 5, 10],
      registers,
    });
    // Every label value starts at zero so rate() sees the series from the first scrape.
    for (const segment of SEGMENTS) this.shipmentsStarted.inc({ segment }, 0);
    for (const fault of FAULTS) this.faultsInjected.inc({ fault }, 0);
    for (const type of EVENT_TYPES) this.recordsPublished.inc({ type, fault: 'none' }, 0);
  }

  started(shipment: SimulatedShipment): void {
    this.shipmentsStarted.inc({ segment: shipment.plan.customer.segment });
    for (const fault of shipment.faults) this.faultsInjected.inc({ fault });
    for (const entry of shipment.truth) {
      this.expectedBreaches.inc({ standard: entry.standard, level: entry.level, status: entry.status });
    }
  }

  published(records: ReadonlyArray<SimulatedRecord>, nowMs: number): void {
    for (const record of records) {
      this.recordsPublished.inc({ type: record.eventType, fault: record.fault ?? 'none' });
      this.publishLagSeconds.observe(Math.max(0, nowMs - record.publishAtMs) / 1000);
    }
  }
}
