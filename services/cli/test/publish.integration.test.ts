import { execFile } from 'node:child_process';
import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { promisify } from 'node:util';
import { sampleEvent } from '@slawatch/contract';
import { describe, expect, inject, it } from 'vitest';
import { testKafka, uniqueName } from '../../../test/harness/isolation.js';
import { readTopic } from '../../../test/harness/topics.js';

const run = promisify(execFile);

describe('slawatch publish', () => {
  it('publishes valid lines keyed by waybill and reports invalid ones by line number', async () => {
    const kafka = testKafka();
    const id = uniqueName('cli');
    const topics = { TOPIC_ORDERS: `${id}.orders`, TOPIC_DISPATCH: `${id}.dispatch` };
    const admin = kafka.admin();
    await admin.connect();
    await admin.ensureTopics([
      { topic: topics.TOPIC_ORDERS, partitions: 2 },
      { topic: topics.TOPIC_DISPATCH, partitions: 2 },
    ]);
    await admin.disconnect();
    const time = new Date(Date.now() - 60_000).toISOString();
    const lines = [
      JSON.stringify(sampleEvent('order.created', { subject: 'SW600000000001', id: 'cli-1', time })),
      '',
      '{"specversion": "1.0", oops',
      JSON.stringify(sampleEvent('dispatch.picked_up', { subject: 'SW600000000001', id: 'cli-2', time })),
      JSON.stringify({
        ...sampleEvent('dispatch.hub_scan', { subject: 'SW600000000002', id: 'cli-3', time }),
        data: { facility: 'HGH01' },
      }),
    ];
    const file = join(mkdtempSync(join(tmpdir(), 'slawatch-cli-')), 'events.jsonl');
    writeFileSync(file, lines.join('\n'));
    const bin = join(inject('repositoryRoot'), 'services/cli/bin/slawatch');
    const result = await run(bin, ['publish', file, '--brokers', inject('kafkaBrokers')], {
      env: { ...process.env, ...topics },
    }).then(
      () => ({ code: 0, stdout: '', stderr: '' }),
      (error: { code: number; stdout: string; stderr: string }) => error,
    );
    expect(result.code).toBe(1);
    expect(result.stderr).toContain(`${file}:3: invalid_json`);
    expect(result.stderr).toMatch(new RegExp(`${file}:5: invalid_data: data\\.direction`));
    expect(result.stdout).toContain('2 published, 2 invalid');

    const orders = await readTopic(kafka, topics.TOPIC_ORDERS, (r) => r.length >= 1);
    const dispatch = await readTopic(kafka, topics.TOPIC_DISPATCH, (r) => r.length >= 1);
    expect(orders.map((r) => r.key)).toEqual(['SW600000000001']);
    expect(JSON.parse(dispatch[0]!.value.toString()).id).toBe('cli-2');
  });
});
