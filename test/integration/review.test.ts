import { spawnSync } from 'node:child_process';
import { readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { loadEnvironment } from '@slawatch/config';
import { readReview } from '@slawatch/review';
import { AttainmentCounts } from '@slawatch/shipment-store';
import { loadStandards, localDay, parseStandards } from '@slawatch/standards';
import { describe, expect, inject, it } from 'vitest';
import { PeriodPastRetention, runWhatIf } from '../../services/cli/src/whatif.js';
import {
  E2E_STANDARDS,
  measuredByProduct,
  monitorHarness,
  publishAll,
  type ShipmentEvent,
  sleep,
} from '../../services/monitor/test/support.js';
import { serviceEnvironment, uniqueName } from '../harness/isolation.js';
import { eventually } from '../harness/metrics.js';
import { isolatedMonitorEnvironment } from '../harness/topics.js';

/*
 * The what-if against what the monitor recorded: the same events read again
 * from Kafka and judged against the current file give the recorded review;
 * against a file whose individual pickup limit is 1 s instead of 3 s, exactly
 * the individuals picked up after 2 s breach, and nothing else moves.
 */

const harness = monitorHarness();
const root = inject('repositoryRoot');
const currentText = readFileSync(resolve(root, E2E_STANDARDS.STANDARDS_FILE), 'utf8');
const pickupDefault = '        - breach: 3s\n';
const tighterText = currentText.replace(pickupDefault, '        - breach: 1s\n');

function shipments(
  prefix: string,
  count: number,
  segment: string,
  pickupAfterMs: number | undefined,
  nowMs: number,
) {
  return Array.from({ length: count }, (_, i): ShipmentEvent[] => {
    const waybill = `${prefix}${i}`;
    const order: ShipmentEvent = { type: 'order.created', waybill, timeMs: nowMs, data: { segment } };
    if (pickupAfterMs === undefined) return [order];
    return [
      order,
      { type: 'dispatch.picked_up', waybill, timeMs: nowMs + pickupAfterMs },
      { type: 'delivery.delivered', waybill, timeMs: nowMs + pickupAfterMs + 500 },
    ];
  }).flat();
}

describe('what-if', () => {
  it('equals the recorded review for the current file, and breaches exactly the expected cells for a tighter pickup', async () => {
    expect(tighterText).not.toBe(currentText);
    const { topics, env, prefix } = isolatedMonitorEnvironment('whatif', E2E_STANDARDS);
    await harness.monitor(env);
    const now = Date.now();
    const events = [
      ...shipments('LATE-IND-', 20, 'individual', 2_000, now),
      ...shipments('FAST-IND-', 10, 'individual', 500, now),
      ...shipments('NEVER-IND-', 10, 'individual', undefined, now),
      ...shipments('LATE-KEY-', 10, 'key_account', 2_000, now),
    ].map(measuredByProduct);
    await publishAll(harness.kafka, topics, events);

    const current = loadStandards(resolve(root, E2E_STANDARDS.STANDARDS_FILE));
    const day = new Date(localDay('Asia/Shanghai', now) * 86_400_000).toISOString().slice(0, 10);
    const query = {
      file: current,
      from: day,
      to: day,
      by: ['segment', 'product', 'route'] as const,
      partitions: 3,
    };
    const counts = new AttainmentCounts(harness.redis, { prefix });
    const judgedPickups = async () =>
      (await readReview(counts, { ...query, by: [...query.by] })).rows
        .filter((r) => r.standard === 'pickup_on_time')
        .reduce((sum, r) => sum + r.judged, 0);
    await eventually('every pickup judged', async () => (await judgedPickups()) === 50, 60_000);
    // Every other due time of these shipments (at most 13 s after the order) has passed too.
    await sleep(Math.max(0, now + 16_000 - Date.now()));
    const recorded = await readReview(counts, { ...query, by: [...query.by] });

    // The command line gives the same review: partitions from Kafka, counts from Redis.
    const cli = spawnSync(
      'node',
      [
        '--conditions=source',
        '--import',
        'tsx',
        'services/cli/src/main.ts',
        'report',
        '--from',
        day,
        '--to',
        day,
        '--by',
        'segment',
        '--format',
        'csv',
      ],
      {
        cwd: root,
        encoding: 'utf8',
        env: { ...process.env, ...serviceEnvironment(env), STANDARDS_FILE: E2E_STANDARDS.STANDARDS_FILE },
      },
    );
    expect(cli.stderr).toBe('');
    expect(cli.status).toBe(0);
    const pickupLine = cli.stdout
      .split('\n')
      .find((l) => l.startsWith('transaction,time,pickup_on_time,individual,'));
    expect(pickupLine).toMatch(
      /^transaction,time,pickup_on_time,individual,40,30,0\.75,.*,0,10,0,\d{4}-\d\d-\d\d=0\.7500$/,
    );

    const whatIf = await runWhatIf({
      env: loadEnvironment(serviceEnvironment({ ...env, STANDARDS_FILE: E2E_STANDARDS.STANDARDS_FILE })),
      current,
      proposed: parseStandards('tighter.yaml', tighterText),
      from: day,
      to: day,
      by: query.by,
    });
    expect(whatIf.shipments).toBe(50);
    // The current side equals what the monitor recorded, row by row.
    const recordedRows = recorded.rows.map((r) => ({
      key: r.key,
      judged: r.judged,
      met: r.met,
      breached: r.breached,
    }));
    const replayedRows = whatIf.rows
      .filter((r) => r.current)
      .map((r) => ({
        key: r.key,
        judged: r.current!.judged,
        met: r.current!.met,
        breached: r.current!.breached,
      }));
    expect(replayedRows).toEqual(recordedRows);

    // The proposed side differs in the individuals' pickup cell only: 20 more breached, 20 fewer met.
    const changed = whatIf.rows.filter(
      (r) => JSON.stringify(r.current) !== JSON.stringify({ ...r.proposed, objective: r.current?.objective }),
    );
    expect(changed.map((r) => r.key)).toEqual([
      expect.stringMatching(/^pickup_on_time\|individual\|standard\|/),
    ]);
    const [pickup] = changed;
    expect(pickup!.current).toMatchObject({ judged: 40, met: 30, breached: { breach: 10 } });
    expect(pickup!.proposed).toMatchObject({ judged: 40, met: 10, breached: { breach: 30 } });
    expect(whatIf.appeared.count).toBe(20);
    expect(whatIf.appeared.byStandard).toEqual({ 'pickup_on_time:breach': 20 });
    expect(whatIf.appeared.examples.every((b) => b.waybill.startsWith('LATE-IND-'))).toBe(true);
    expect(whatIf.disappeared.count).toBe(0);

    // A period the topics no longer hold is refused, with the retention in the message.
    await expect(
      runWhatIf({
        env: loadEnvironment(serviceEnvironment({ ...env })),
        current,
        proposed: current,
        from: '2026-01-01',
        to: '2026-01-02',
        by: [],
      }),
    ).rejects.toThrow(PeriodPastRetention);
  }, 150_000);

  it('refuses a malformed proposed file with its file, line, path and what was expected', async () => {
    const file = join(tmpdir(), `${uniqueName('proposed')}.yaml`);
    writeFileSync(file, currentText.replace(pickupDefault, '        - breach: soon\n'));
    const run = spawnSync(
      'node',
      [
        '--conditions=source',
        '--import',
        'tsx',
        'services/cli/src/main.ts',
        'whatif',
        '--standards',
        file,
        '--from',
        '2026-11-01',
        '--to',
        '2026-11-02',
      ],
      { cwd: root, encoding: 'utf8', env: { ...process.env, KAFKA_BROKERS: '127.0.0.1:1' } },
    );
    expect(run.status).toBe(1);
    expect(run.stderr).toContain(file);
    expect(run.stderr).toMatch(/line 51/);
    expect(run.stderr).toContain('standards[0].rule.limits[2].breach');
    expect(run.stderr).toContain('expected a duration such as "2h"');
  }, 60_000);
});
