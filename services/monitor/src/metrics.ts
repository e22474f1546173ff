import { EVENT_TYPES, REJECTION_REASONS, type TopicFamily, topicFamilyOf } from '@slawatch/contract';
import { type CompiledStandards, severityOf } from '@slawatch/evaluation';
import { Counter, collectDefaultMetrics, Gauge, Histogram, Registry } from 'prom-client';
import type { EvaluatedShipment } from './shipment-evaluation.js';

const LATENCY_BUCKETS = [0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 5, 10, 30];

/**
 * The monitor's metrics. Labels are bounded by the contract and the
 * standards file (never a waybill or customer), and every known label set
 * is created at zero so dashboards and rate() see series from the start.
 */
export class MonitorMetrics {
  readonly registry = new Registry();
  readonly events: Counter<'topic' | 'type' | 'result'>;
  readonly deadLetters: Counter<'topic' | 'reason'>;
  readonly breachChanges: Counter<
    'standard' | 'segment' | 'severity' | 'element' | 'phase' | 'level' | 'status'
  >;
  readonly outcomes: Counter<'standard' | 'segment' | 'result'>;
  readonly batchSeconds: Histogram;
  readonly deadlineLatenessSeconds: Histogram;
  readonly eventToBreachSeconds: Histogram;
  readonly storeConflicts: Counter;
  readonly breachesPublished: Counter;
  readonly pendingDeadlineBuckets: Gauge<'partition'>;
  readonly consumerLag: Gauge<'topic' | 'partition'>;

  constructor(
    compiled: CompiledStandards,
    topicsByFamily: Record<TopicFamily, string>,
    collectors: {
      pendingBuckets: () => Promise<Map<number, number>>;
      lag: () => Promise<Array<{ topic: string; partition: number; lag: number }>>;
    },
  ) {
    const registers = [this.registry];
    collectDefaultMetrics({ register: this.registry, prefix: 'slawatch_monitor_' });
    this.events = new Counter({
      name: 'slawatch_events_total',
      help: 'Input records by topic, event type and result (accepted, duplicate, rejected)',
      labelNames: ['topic', 'type', 'result'],
      registers,
    });
    this.deadLetters = new Counter({
      name: 'slawatch_dead_letters_total',
      help: 'Records sent to the dead-letter topic, by input topic and reason',
      labelNames: ['topic', 'reason'],
      registers,
    });
    this.breachChanges = new Counter({
      name: 'slawatch_breach_changes_total',
      help: 'Breach changes (open, retracted, resolved) by standard, segment, severity, element, phase and level',
      labelNames: ['standard', 'segment', 'severity', 'element', 'phase', 'level', 'status'],
      registers,
    });
    this.outcomes = new Counter({
      name: 'slawatch_standard_outcomes_total',
      help: 'Standards decided per shipment as met or breached: the service-level indicator',
      labelNames: ['standard', 'segment', 'result'],
      registers,
    });
    this.batchSeconds = new Histogram({
      name: 'slawatch_batch_duration_seconds',
      help: 'Time to process one input batch, from receipt to durable effects',
      buckets: LATENCY_BUCKETS,
      registers,
    });
    this.deadlineLatenessSeconds = new Histogram({
      name: 'slawatch_deadline_lateness_seconds',
      help: 'How long after its due time a deadline was fired',
      buckets: [0.05, 0.1, 0.25, 0.5, 0.75, 1, 2, 5, 10, 30],
      registers,
    });
    this.eventToBreachSeconds = new Histogram({
      name: 'slawatch_event_to_breach_seconds',
      help: 'From the Kafka timestamp of an event to the durable breach change it caused',
      buckets: LATENCY_BUCKETS,
      registers,
    });
    this.storeConflicts = new Counter({
      name: 'slawatch_store_conflicts_total',
      help: 'Batches re-evaluated because another writer changed a shipment meanwhile',
      registers,
    });
    this.breachesPublished = new Counter({
      name: 'slawatch_breaches_published_total',
      help: 'Breach changes published from the outbox to the breaches topic',
      registers,
    });
    this.pendingDeadlineBuckets = new Gauge({
      name: 'slawatch_pending_deadline_buckets',
      help: 'Shipment buckets with at least one pending deadline, per owned partition',
      labelNames: ['partition'],
      registers,
      async collect() {
        this.reset();
        for (const [partition, count] of await collectors.pendingBuckets())
          this.set({ partition: String(partition) }, count);
      },
    });
    this.consumerLag = new Gauge({
      name: 'slawatch_consumer_lag',
      help: 'Records not yet processed by the monitor group, per input topic and partition',
      labelNames: ['topic', 'partition'],
      registers,
      async collect() {
        this.reset();
        for (const p of await collectors.lag())
          this.set({ topic: p.topic, partition: String(p.partition) }, p.lag);
      },
    });
    this.initialise(compiled, topicsByFamily);
  }

  private initialise(compiled: CompiledStandards, topicsByFamily: Record<TopicFamily, string>): void {
    for (const type of EVENT_TYPES) {
      const topic = topicsByFamily[topicFamilyOf(type)];
      this.events.inc({ topic, type, result: 'accepted' }, 0);
      this.events.inc({ topic, type, result: 'duplicate' }, 0);
    }
    for (const topic of Object.values(topicsByFamily)) {
      this.events.inc({ topic, type: 'invalid', result: 'rejected' }, 0);
      for (const reason of REJECTION_REASONS) this.deadLetters.inc({ topic, reason }, 0);
    }
    for (const { id, standard, levels } of compiled.standards) {
      for (const segment of compiled.segments) {
        this.outcomes.inc({ standard: id, segment, result: 'met' }, 0);
        this.outcomes.inc({ standard: id, segment, result: 'breached' }, 0);
        for (const level of levels) {
          const severity = severityOf(compiled.byId.get(id)!, segment, level);
          for (const status of ['open', 'retracted', 'resolved']) {
            this.breachChanges.inc(
              {
                standard: id,
                segment,
                severity,
                element: standard.element,
                phase: standard.phase,
                level,
                status,
              },
              0,
            );
          }
        }
      }
    }
  }

  rejected(topic: string, reason: string): void {
    this.events.inc({ topic, type: 'invalid', result: 'rejected' });
    this.deadLetters.inc({ topic, reason });
  }

  evaluated(topic: string, result: EvaluatedShipment): void {
    for (const type of result.acceptedTypes) this.events.inc({ topic, type, result: 'accepted' });
    for (const type of result.duplicateTypes) this.events.inc({ topic, type, result: 'duplicate' });
    this.recordChanges(result);
  }

  recordChanges(result: EvaluatedShipment): void {
    for (const c of result.changes) {
      this.breachChanges.inc({
        standard: c.standard,
        segment: c.segment,
        severity: c.severity,
        element: c.element,
        phase: c.phase,
        level: c.level,
        status: c.status,
      });
    }
    for (const o of result.outcomes) {
      // A withdrawn decision (later facts made it undecided) cannot be uncounted from a counter.
      if (o.withdrawn) continue;
      this.outcomes.inc({ standard: o.standard, segment: o.segment, result: o.met ? 'met' : 'breached' });
    }
  }
}
