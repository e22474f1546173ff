import { execFile } from 'node:child_process';
import { join } from 'node:path';
import { promisify } from 'node:util';
import { afterAll, describe, expect, it } from 'vitest';
import { uniqueName } from '../../../test/harness/isolation.js';
import { type PrivateServer, privateRedis } from '../../../test/harness/private-server.js';
import { breach, TOKENS } from './fixtures.js';
import { eventually, Receiver } from './receiver.js';
import { type ServiceUnderTest, startServiceUnderTest } from './service-under-test.js';

/*
 * The escalation writes the offset of a batch of breach changes after the
 * batch's records, steps and pages, in the same Redis. A Redis that comes
 * back with its last seconds missing (its append-only file behind, as after
 * a machine crash with fsync every second) has lost those offsets with the
 * effects, so the service reads those changes again: every breach is
 * recorded once and paged, none is lost, as in a run without the crash.
 */

const run = promisify(execFile);
const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));
const servers: PrivateServer[] = [];
let service: ServiceUnderTest | undefined;
afterAll(async () => {
  await service?.stop();
  await Promise.allSettled(servers.map((server) => server.remove()));
});

describe('escalation lost writes', () => {
  it('records and pages every breach after Redis restarted from an append-only file seconds behind', async () => {
    const redis = await privateRedis();
    servers.push(redis);
    const receiver = new Receiver();
    service = await startServiceUnderTest(receiver, { environment: { REDIS_URL: redis.url } });
    const aof = join(redis.dataDirectory, 'appendonlydir');
    const behind = join(redis.dataDirectory, 'appendonlydir-behind');
    const WAVES = 10;
    const PER_WAVE = 12;
    const run_ = uniqueName('LW');
    const published: string[] = [];
    for (let i = 0; i < WAVES; i++) {
      const changes = Array.from({ length: PER_WAVE }, (_, j) => breach(`${run_}W${i}N${j}`));
      await service.publish(...changes);
      published.push(...changes.map((c) => c.breachId));
      await sleep(400);
      // Every page so far went out; what the disk held now is all the Redis that comes back will have.
      if (i === 4) {
        await eventually(() =>
          expect(published.every((id) => receiver.to('/tier-1', id).length > 0)).toBe(true),
        );
        await run('cp', ['-a', aof, behind]);
      }
      if (i === 7) {
        await redis.kill();
        await run('rm', ['-rf', aof]);
        await run('mv', [behind, aof]);
      }
    }
    await sleep(1_000);
    await redis.start();

    // Every breach was paged, also those whose effects Redis lost after they were paged the first time.
    await eventually(
      () => expect(published.filter((id) => receiver.to('/tier-1', id).length === 0)).toEqual([]),
      60_000,
    );
    // And every breach is on record with one opening: the records lost with the append-only file were made again.
    const openings = await Promise.all(
      published.map(async (id) => (await service!.timelineOf(id)).filter((l) => l.what === 'opened').length),
    );
    expect(openings.filter((count) => count !== 1)).toEqual([]);
    const listed = await service.call('GET', `/api/breaches?limit=500`, TOKENS.viewer);
    const ids = new Set((listed.body['breaches'] as Array<{ breachId: string }>).map((b) => b.breachId));
    expect(published.filter((id) => !ids.has(id))).toEqual([]);
  }, 120_000);
});
