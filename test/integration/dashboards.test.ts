import { mkdtempSync, readFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, inject, it } from 'vitest';
import { writeTestConfig } from '../../services/escalation/test/fixtures.js';
import { Receiver } from '../../services/escalation/test/receiver.js';
import { uniqueName } from '../harness/isolation.js';
import { eventually } from '../harness/metrics.js';
import { startPrometheus } from '../harness/prometheus.js';
import { startService } from '../harness/service-process.js';
import { isolatedMonitorEnvironment } from '../harness/topics.js';

interface Panel {
  type: string;
  title: string;
  fieldConfig?: { defaults: { noValue?: string } };
  targets?: Array<{ expr: string }>;
}

interface Dashboard {
  uid: string;
  panels: Panel[];
  templating: { list: Array<{ name: string; options?: Array<{ value: string }> }> };
}

const cleanups: Array<() => Promise<void>> = [];
afterAll(async () => {
  for (const cleanup of cleanups.reverse()) await cleanup().catch(() => undefined);
});

/**
 * A query as Grafana sends it: "All" for standard and segment, each SLI window
 * the dashboard offers, and a range of ten minutes.
 */
function expanded(expr: string, windows: string[]): string[] {
  const all = expr.replaceAll('$standard', '.+').replaceAll('$segment', '.+').replaceAll('$__range', '10m');
  return all.includes('$window') ? windows.map((w) => all.replaceAll('$window', w)) : [all];
}

describe('the Grafana dashboards against a real Prometheus scraping the demo', () => {
  it('every panel query parses and returns real numbers, or the panel says why it is empty', async () => {
    const root = inject('repositoryRoot');
    const receiver = new Receiver();
    const { escalationFile, tokensFile } = writeTestConfig(await receiver.start());
    cleanups.push(() => receiver.stop());
    const { topics, env } = isolatedMonitorEnvironment('dashboards', {
      STANDARDS_FILE: 'standards/demo.yaml',
      KAFKA_PARTITIONS: '3',
    });
    const monitor = await startService('monitor', env);
    cleanups.push(() => monitor.kill());
    const escalation = await startService('escalation', {
      REDIS_KEY_PREFIX: env.REDIS_KEY_PREFIX,
      TOPIC_BREACHES: topics.breaches,
      ESCALATION_CONSUMER_GROUP: uniqueName('escalation'),
      ESCALATION_FILE: escalationFile,
      API_TOKENS_FILE: tokensFile,
    });
    cleanups.push(() => escalation.kill());
    const simulator = await startService('simulator', {
      ...env,
      SIMULATOR_RATE: '10',
      SIMULATOR_GROUND_TRUTH_FILE: join(mkdtempSync(join(tmpdir(), 'slawatch-truth-')), 'truth.jsonl'),
    });
    cleanups.push(() => simulator.kill());
    const prometheus = await startPrometheus({
      targets: {
        'slawatch-monitor': `127.0.0.1:${monitor.port}`,
        'slawatch-escalation': `127.0.0.1:${escalation.port}`,
        'slawatch-simulator': `127.0.0.1:${simulator.port}`,
      },
      ruleFile: join(root, 'infra/prometheus/generated/slo-rules.yml'),
      cleanups,
    });

    // The demo stream runs until breaches were opened, escalated, compared with the ground truth and budgeted.
    await eventually(
      'breaches detected, notified and expected',
      async () => {
        const answers = await Promise.all([
          prometheus.query('sum(slawatch_breach_changes_total{status="open"}) > 0'),
          prometheus.query('sum(slawatch_escalation_notifications_total) > 0'),
          prometheus.query('sum(slawatch_simulator_expected_breaches_total) > 0'),
          // The objective-window group is evaluated once a minute: wait for its first real value.
          prometheus.query('slawatch:slo_error_budget_remaining:ratio > -Inf'),
        ]);
        return answers.every((answer) => answer.length > 0);
      },
      150_000,
    );
    // Rates and the recorded 5m windows need a few scrapes of the stream.
    await new Promise((resolve) => setTimeout(resolve, 20_000));

    const report: string[] = [];
    for (const file of ['slawatch.json', 'slawatch-simulator.json']) {
      const dashboard = JSON.parse(
        readFileSync(join(root, 'infra/grafana/dashboards', file), 'utf8'),
      ) as Dashboard;
      const windows =
        dashboard.templating.list.find((v) => v.name === 'window')?.options?.map((o) => o.value) ?? [];
      for (const panel of dashboard.panels.filter((p) => p.type !== 'row')) {
        let withData = 0;
        const nan: string[] = [];
        for (const target of panel.targets ?? []) {
          for (const query of expanded(target.expr, windows)) {
            // A query that does not parse or evaluate is an error answer: query() throws with Prometheus's reason.
            const result = await prometheus.query(query);
            if (result.some((sample) => Number.isFinite(Number(sample.value[1])))) withData++;
            for (const sample of result) if (!Number.isFinite(Number(sample.value[1]))) nan.push(query);
          }
        }
        const empty = panel.fieldConfig?.defaults.noValue;
        report.push(`${dashboard.uid} / ${panel.title}: ${withData > 0 ? 'data' : `empty ("${empty}")`}`);
        expect(nan, `${panel.title} draws NaN`).toEqual([]);
        if (withData === 0) expect(empty, `${panel.title} has no data and no empty state`).toBeTruthy();
      }
    }
    console.log(report.join('\n'));
    // The Kafka client writes no error line on a normal start and run, a fresh broker's included
    // (packages/kafka/src/log-bridge.ts gives its lines their true level).
    for (const [name, service] of Object.entries({ monitor, escalation, simulator })) {
      const errors = service.output
        .join('')
        .split('\n')
        .filter((line) => line.includes('"component":"kafkajs"') && line.includes('"level":"error"'));
      expect(errors, `${name}: kafkajs error lines`).toEqual([]);
    }
    // The stream is enough for nearly every panel to show data; the few without say why.
    const emptyPanels = report.filter((line) => line.includes(': empty'));
    expect(emptyPanels.length, emptyPanels.join('\n')).toBeLessThanOrEqual(3);
  }, 300_000);
});
