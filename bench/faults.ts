/**
 * The fault suite: the whole system (real Kafka and Redis, the monitor and
 * escalation as processes, a local webhook receiver) through each fault an
 * operator meets, every scenario judged against a clean run of the same
 * simulated input by breach id and status, not by timing. See
 * docs/operations.md, "The fault suite".
 *
 *   bash scripts/bench.sh faults [--quick]
 *   FAULT_SCENARIOS=brokerStopped,escalationKill bash scripts/bench.sh faults   # only these (name prefixes), after the clean run
 */
import type { Benchmark, Figures } from './benchmark.js';
import { faultScenarios } from './faults/scenarios.js';
import { runFaultSuite, type ScenarioFigures, type SuiteFigures } from './faults/suite.js';

const COLUMNS: Array<[keyof ScenarioFigures, string]> = [
  ['breachesLost', 'breaches lost'],
  ['breachesOpenedTwice', 'opened twice'],
  ['falseOpens', 'false opens'],
  ['notificationsLost', 'notifications lost'],
  ['notificationsSentTwice', 'sent twice'],
  ['endedBeforePaged', 'ended before paged'],
  ['redeliveredWithKey', 'redelivered with key'],
  ['resumedSeconds', 'resumed (s)'],
  ['caughtUpSeconds', 'caught up (s)'],
  ['readyzWrongSeconds', '/readyz wrong (s)'],
  ['processDiedUnexpectedly', 'died unexpectedly'],
  ['changesRepublished', 'changes republished'],
  ['extraNotifications', 'extra notifications'],
];

/** One row a scenario, for bench/RESULTS.md. */
export function faultTable(figures: Figures): string {
  const suite = figures as unknown as SuiteFigures;
  const cell = (value: unknown) => (value === null ? '—' : String(value));
  const rows = Object.entries(suite.scenarios).map(([name, scenario]) =>
    'failed' in scenario
      ? `| ${name} | failed: ${scenario.failed.replaceAll('|', '/').split('\n')[0]} |`
      : `| ${name} | ${COLUMNS.map(([key]) => cell(scenario[key])).join(' | ')} |`,
  );
  return [
    `Input: ${suite.input.records} records over ${suite.input.inputSeconds} s, ${suite.input.partitions} partitions; ` +
      `${suite.input.judgedShipments} shipments settle inside it with ${suite.input.judgedBreaches} breaches, judged by breach id and status against a clean run. ` +
      `Clean run against the simulator's truth: ${suite.clean.missedVsTruth} missed, ${suite.clean.spuriousVsTruth} spurious; ` +
      `${suite.clean.notifications} notifications, ${suite.clean.notificationsSentTwice} of them repeats. Idempotency header on notifications: ${suite.idempotencyHeader ?? 'none'}.`,
    '',
    `| scenario | ${COLUMNS.map(([, title]) => title).join(' | ')} |`,
    `| --- | ${COLUMNS.map(() => '---').join(' | ')} |`,
    ...rows,
  ].join('\n');
}

export const benchmark: Benchmark = {
  name: 'faults',
  description:
    'Breaches and notifications lost, doubled or false, recovery time and wrong readiness under each fault, against a clean run',
  table: faultTable,
  async run({ quick }) {
    const inputSeconds = quick ? 45 : 100;
    const only = (process.env['FAULT_SCENARIOS'] ?? '').split(',').filter((name) => name.length > 0);
    const chosen = (name: string) => only.length === 0 || only.some((prefix) => name.startsWith(prefix));
    const figures = await runFaultSuite({
      input: { seed: 14, ordersPerSecond: 20, inputSeconds, partitions: 3 },
      scenarios: faultScenarios(
        inputSeconds,
        quick
          ? {
              monitorKills: 2,
              escalationKills: 1,
              shortRedisOutageSeconds: 5,
              longRedisOutageSeconds: 15,
              brokerOutageSeconds: 10,
            }
          : {
              monitorKills: 5,
              escalationKills: 3,
              shortRedisOutageSeconds: 5,
              longRedisOutageSeconds: 60,
              brokerOutageSeconds: 40,
            },
      ).filter((scenario) => chosen(scenario.name)),
      onScenario: (name, scenario) => console.error(`${name}: ${JSON.stringify(scenario)}`),
    });
    return figures as unknown as Figures;
  },
};
