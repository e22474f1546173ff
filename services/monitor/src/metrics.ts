import {
  BREACH_STATUSES,
  EVENT_TYPES,
  REJECTION_REASONS,
  type TopicFamily,
  topicFamilyOf,
} from '@slawatch/contract';
import { type CompiledStandards, severityOf } from '@slawatch/evaluation';
import { registerProcessMetrics } from '@slawatch/lifecycle';
import { Counter, Gauge, Histogram, Registry } from 'prom-client';
import type { BatchTotals } from './batch-totals.js';

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
  readonly misroutedRecords: Counter<'topic' | 'source'>;
  readonly deadLettersReduced: Counter<'topic'>;
  readonly deadLettersSkipped: Counter<'topic'>;
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
  readonly judgedBeforeBacklogRead: Counter<'standard'>;

  constructor(
    compiled: CompiledStandards,
    topicsByFamily: Record<TopicFamily, string>,
    collectors: {
      pendingBuckets: () => Promise<Map<number, number>>;
      lag: () => Promise<Array<{ topic: string; partition: number; lag: number }>>;
    },
  ) {
    const registers = [this.registry];
    registerProcessMetrics(this.registry, 'monitor');
    const counter = <L extends string>(name: string, help: string, labelNames: L[] = []) =>
      new Counter<L>({ name, help, labelNames, registers });
    const histogram = (name: string, help: string, buckets: number[]) =>
      new Histogram({ name, help, buckets, registers });
    this.events = counter(
      'slawatch_events_total',
      'Input records by topic, event type and result (accepted, duplicate, rejected)',
      ['topic', 'type', 'result'],
    );
    this.deadLetters = counter(
      'slawatch_dead_letters_total',
      'Records sent to the dead-letter topic, by input topic and reason',
      ['topic', 'reason'],
    );
    this.deadLettersReduced = counter(
      'slawatch_dead_letters_reduced_total',
      'Refused records written to the dead-letter topic as a reduced copy (too large for a whole one), by input topic',
      ['topic'],
    );
    this.deadLettersSkipped = counter(
      'slawatch_dead_letters_skipped_total',
      'Refused records not even a reduced copy of which fitted the dead-letter topic (they stay in their input topic), by input topic',
      ['topic'],
    );
    this.misroutedRecords = counter(
      'slawatch_misrouted_records_total',
      "Records found on another partition than their key's (a CRC32 publisher), moved to it, by topic and kind of publisher",
      ['topic', 'source'],
    );
    this.breachChanges = counter(
      'slawatch_breach_changes_total',
      'Breach changes (open, retracted, resolved) by standard, segment, severity, element, phase and level',
      ['standard', 'segment', 'severity', 'element', 'phase', 'level', 'status'],
    );
    this.outcomes = counter(
      'slawatch_standard_outcomes_total',
      'Standards decided per shipment as met or breached: the service-level indicator',
      ['standard', 'segment', 'result'],
    );
    this.batchSeconds = histogram(
      'slawatch_batch_duration_seconds',
      'Time to process one input batch, from receipt to durable effects',
      LATENCY_BUCKETS,
    );
    this.deadlineLatenessSeconds = histogram(
      'slawatch_deadline_lateness_seconds',
      'How long after its due time a deadline was fired',
      [0.05, 0.1, 0.25, 0.5, 0.75, 1, 2, 5, 10, 30],
    );
    this.eventToBreachSeconds = histogram(
      'slawatch_event_to_breach_seconds',
      'From the Kafka timestamp of an event to the durable breach change it caused',
      LATENCY_BUCKETS,
    );
    this.storeConflicts = counter(
      'slawatch_store_conflicts_total',
      'Batches re-evaluated because another writer changed a shipment meanwhile',
    );
    this.breachesPublished = counter(
      'slawatch_breaches_published_total',
      'Breach changes published from the outbox to the breaches topic',
    );
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
      name: 'slawatch_consumer_lag_records',
      help: 'Records not yet processed by the monitor group, per input topic and partition',
      labelNames: ['topic', 'partition'],
      registers,
      async collect() {
        this.reset();
        for (const p of await collectors.lag())
          this.set({ topic: p.topic, partition: String(p.partition) }, p.lag);
      },
    });
    this.judgedBeforeBacklogRead = counter(
      'slawatch_deadlines_released_unread_total',
      'Breaches opened by a deadline judged before its evidence was read, because the maximum hold passed (judgedBeforeBacklogRead), by standard',
      ['standard'],
    );
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
      this.deadLettersReduced.inc({ topic }, 0);
      this.deadLettersSkipped.inc({ topic }, 0);
    }
    for (const { id, standard, levels } of compiled.standards) {
      this.judgedBeforeBacklogRead.inc({ standard: id }, 0);
      for (const segment of compiled.segments) {
        this.outcomes.inc({ standard: id, segment, result: 'met' }, 0);
        this.outcomes.inc({ standard: id, segment, result: 'breached' }, 0);
        for (const level of levels) {
          const severity = severityOf(compiled.byId.get(id)!, segment, level);
          for (const status of BREACH_STATUSES) {
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

  /**
   * Everything a durable commit tells: the events taken or dropped as
   * duplicates (`topic` is absent when the clock fired deadlines), the breach
   * changes and decided standards, how long after their events the changes
   * became durable, and how late fired deadlines were. Events and decided
   * outcomes were counted per label set as the batch was evaluated
   * (BatchTotals); breach changes are grouped here. Each label set is added once.
   */
  committed(totals: BatchTotals, topic: string | undefined, nowMs: number): void {
    const changed = new Map<string, number>();
    for (const c of totals.changes) {
      if (c.judgedBeforeBacklogRead) this.judgedBeforeBacklogRead.inc({ standard: c.standard });
      const key = [c.standard, c.segment, c.severity, c.element, c.phase, c.level, c.status].join('\n');
      changed.set(key, (changed.get(key) ?? 0) + 1);
    }
    for (const [key, count] of changed) {
      const [standard, segment, severity, element, phase, level, status] = key.split('\n');
      this.breachChanges.inc({ standard, segment, severity, element, phase, level, status }, count);
    }
    for (const arrivedMs of totals.changeArrivalsMs)
      this.eventToBreachSeconds.observe((nowMs - arrivedMs) / 1000);
    for (const lateMs of totals.latenessMs) this.deadlineLatenessSeconds.observe(lateMs / 1000);
    for (const [standard, bySegment] of totals.decided) {
      for (const [segment, { met, breached }] of bySegment) {
        if (met > 0) this.outcomes.inc({ standard, segment, result: 'met' }, met);
        if (breached > 0) this.outcomes.inc({ standard, segment, result: 'breached' }, breached);
      }
    }
    if (topic === undefined) return;
    for (const [type, count] of totals.accepted) this.events.inc({ topic, type, result: 'accepted' }, count);
    for (const [type, count] of totals.duplicate)
      this.events.inc({ topic, type, result: 'duplicate' }, count);
  }
}
