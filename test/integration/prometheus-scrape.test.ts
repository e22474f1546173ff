import { readFileSync } from 'node:fs';
import { join } from 'node:path';
// The harness package does not depend on the contract; its source is imported directly.
import {
  EVENT_TYPES,
  type EventType,
  REJECTION_REASONS,
  type Segment,
  sampleEvent,
  topicFamilyOf,
} from '@slawatch/contract';
import { afterAll, describe, expect, inject, it } from 'vitest';
import { parse } from 'yaml';
import { testKafka } from '../harness/isolation.js';
import { eventually } from '../harness/metrics.js';
import { type Series, startPrometheus } from '../harness/prometheus.js';
import { type ServiceProcess, startService } from '../harness/service-process.js';
import { isolatedMonitorEnvironment, publish } from '../harness/topics.js';

const STANDARDS_FILE = 'standards/demo.yaml';
const PARTITIONS = 3;

const kafka = testKafka();
const cleanups: Array<() => Promise<void>> = [];
afterAll(async () => {
  for (const cleanup of cleanups.reverse()) await cleanup().catch(() => undefined);
});

// Sample events carry fixed dates; these are dated relative to now so the demo deadlines decide them.
function record(type: EventType, waybill: string, secondsAgo: number, segment?: Segment) {
  const time = new Date(Date.now() - secondsAgo * 1000).toISOString();
  const event =
    type === 'order.created' && segment
      ? sampleEvent('order.created', { subject: waybill, id: `${waybill}-${type}`, time, data: { segment } })
      : sampleEvent(type, { subject: waybill, id: `${waybill}-${type}`, time });
  return { type, record: { key: waybill, value: JSON.stringify(event) } };
}

describe('Prometheus scraping a monitor', () => {
  it('sees the SLI and breach metrics with bounded labels, and evaluates the SLO rules', async () => {
    const { topics, env } = isolatedMonitorEnvironment('scrape', {
      STANDARDS_FILE,
      KAFKA_PARTITIONS: String(PARTITIONS),
    });
    const monitor: ServiceProcess = await startService('monitor', env);
    cleanups.push(() => monitor.kill());
    const root = inject('repositoryRoot');
    const prometheus = await startPrometheus({
      targets: { 'slawatch-monitor': `127.0.0.1:${monitor.port}` },
      ruleFile: join(root, 'infra/prometheus/generated/slo-rules.yml'),
      cleanups,
    });

    // Scraped at zero first, so the increases below show in rate() and the recorded ratios.
    await eventually('Prometheus scrapes the monitor', async () => {
      const scraped = await prometheus.query('slawatch_standard_outcomes_total');
      return scraped.length > 0;
    });

    const events = [
      // key_account: picked up, delivered within the demo's 20 s and 60 s limits.
      record('order.created', 'SWPROM0000001', 30, 'key_account'),
      record('dispatch.picked_up', 'SWPROM0000001', 25),
      record('dispatch.out_for_delivery', 'SWPROM0000001', 20),
      record('delivery.delivered', 'SWPROM0000001', 15),
      // individual: picked up late and delivered late.
      record('order.created', 'SWPROM0000002', 300, 'individual'),
      record('dispatch.picked_up', 'SWPROM0000002', 240),
      record('delivery.delivered', 'SWPROM0000002', 60),
      // ecommerce: a stockout is a breach at once.
      record('order.created', 'SWPROM0000003', 10, 'ecommerce'),
      record('order.stockout', 'SWPROM0000003', 5),
    ];
    for (const { type, record: r } of events) await publish(kafka, topics[topicFamilyOf(type)], [r]);

    await eventually(
      'Prometheus has met and breached outcomes and opened breaches',
      async () => {
        const outcomes = await prometheus.query('sum by (result) (slawatch_standard_outcomes_total) > 0');
        const opened = await prometheus.query('sum(slawatch_breach_changes_total{status="open"}) > 0');
        return outcomes.length === 2 && opened.length === 1;
      },
      60_000,
    );

    const standards = parse(readFileSync(join(root, STANDARDS_FILE), 'utf8')) as {
      segments: string[];
      standards: Array<{ id: string }>;
    };
    const known: Record<string, readonly string[]> = {
      standard: standards.standards.map((s) => s.id),
      segment: standards.segments,
      severity: ['minor', 'major', 'critical'],
      element: ['time', 'reliability', 'communication', 'convenience'],
      phase: ['pre_transaction', 'transaction', 'post_transaction'],
      level: ['warn', 'breach', 'critical'],
      status: ['open', 'retracted', 'resolved'],
      topic: Object.values(topics),
      type: [...EVENT_TYPES, 'invalid'],
      result: ['met', 'breached', 'accepted', 'duplicate', 'rejected'],
      reason: REJECTION_REASONS,
      partition: Array.from({ length: PARTITIONS }, (_, i) => String(i)),
      // One consumer group per service, from its configuration.
      group: [env.KAFKA_CONSUMER_GROUP],
    };
    /** Histogram buckets are fixed in the code: at most this many `le` values. */
    const MAX_BUCKETS = 16;
    const scrapeLabels = new Set(['__name__', 'job', 'instance']);

    const all = await prometheus.series('{__name__=~"slawatch_.+"}');
    expect(all.length).toBeGreaterThan(0);
    for (const series of all) {
      for (const label of Object.keys(series))
        expect(label, series.__name__).not.toMatch(/waybill|customer|order/i);
    }

    // Node's process metrics keep their standard names, labelled with the service, and are not under slawatch_.
    expect(all.filter((s) => /^slawatch_monitor_|^slawatch_(process|nodejs)_/.test(s.__name__))).toEqual([]);
    const memory = await prometheus.series('process_resident_memory_bytes');
    expect(memory.map((s) => s['service'])).toEqual(['monitor']);
    expect((await prometheus.series('nodejs_eventloop_lag_seconds')).map((s) => s['service'])).toEqual([
      'monitor',
    ]);

    // The monitor's own metrics: every label known and bounded.
    const own = all;
    const byName = new Map<string, Series[]>();
    for (const s of own) byName.set(s.__name__, [...(byName.get(s.__name__) ?? []), s]);
    for (const name of [
      'slawatch_standard_outcomes_total',
      'slawatch_breach_changes_total',
      'slawatch_events_total',
      'slawatch_dead_letters_total',
      'slawatch_deadline_lateness_seconds_bucket',
      'slawatch_event_to_breach_seconds_bucket',
      'slawatch_batch_duration_seconds_bucket',
    ]) {
      expect(byName.has(name), name).toBe(true);
    }
    const labelsOf = (name: string) =>
      Object.keys(byName.get(name)![0]!)
        .filter((l) => !scrapeLabels.has(l))
        .sort();
    expect(labelsOf('slawatch_standard_outcomes_total')).toEqual(['result', 'segment', 'standard']);
    expect(labelsOf('slawatch_breach_changes_total')).toEqual(
      ['element', 'level', 'phase', 'segment', 'severity', 'standard', 'status'].sort(),
    );
    for (const s of byName.get('slawatch_standard_outcomes_total')!)
      expect(['met', 'breached']).toContain(s['result']);

    for (const [name, series] of byName) {
      let bound = 1;
      const labelNames = new Set(series.flatMap((s) => Object.keys(s)).filter((l) => !scrapeLabels.has(l)));
      for (const label of labelNames) {
        if (label === 'le') {
          bound *= MAX_BUCKETS;
          continue;
        }
        const values = known[label];
        expect(values, `${name} has a label "${label}" with no known bound`).toBeDefined();
        for (const s of series)
          if (s[label] !== undefined) expect(values, `${name}{${label}}`).toContain(s[label]);
        bound *= values!.length;
      }
      expect(series.length, `series of ${name}`).toBeLessThanOrEqual(bound);
    }

    // The generated SLO rules load and evaluate in a real Prometheus on the scraped SLI.
    const objectives = await prometheus.query('slawatch:slo_objective_ratio');
    // Every standard has an objective for every segment.
    expect(objectives).toHaveLength(standards.standards.length * standards.segments.length);
    const onTime = objectives.filter((o) => o.metric['standard'] === 'delivered_on_time');
    expect(onTime.map((o) => `${o.metric['segment']}=${o.value[1]}`).sort()).toEqual([
      'ecommerce=0.95',
      'individual=0.93',
      'key_account=0.98',
      'sme=0.95',
    ]);
    let lastSeen: unknown;
    await eventually(
      'the stockout error ratio is recorded',
      async () => {
        const ratio = await prometheus.query(
          'slawatch:sli_error_ratio:rate5m{standard="stockout",segment="ecommerce"}',
        );
        lastSeen = [
          ratio,
          await prometheus.query('slawatch_standard_outcomes_total{standard="stockout"} > 0'),
        ];
        return ratio[0]?.value[1] === '1';
      },
      30_000,
    ).catch((error) => {
      throw new Error(`${String(error)}; last seen ${JSON.stringify(lastSeen)}`);
    });
  }, 150_000);
});
