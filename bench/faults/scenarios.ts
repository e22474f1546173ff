import { sleep } from './publisher.js';
import type { FaultScript, RunningSystem, RunSpec } from './run.js';

/** How hard the suite pushes: the full form, `--quick`, or the integration test's short form. */
export interface FaultSizes {
  monitorKills: number;
  escalationKills: number;
  shortRedisOutageSeconds: number;
  longRedisOutageSeconds: number;
  brokerOutageSeconds: number;
}

/** Kill times spread over the first two thirds of the input window, leaving it time to recover. */
const spread = (count: number, firstSeconds: number, lastSeconds: number) =>
  Array.from({ length: count }, (_, i) =>
    count === 1 ? firstSeconds : firstSeconds + (i * (lastSeconds - firstSeconds)) / (count - 1),
  );

/** Waits up to `ms` for `condition`; false when it never held. */
async function until(condition: () => boolean | Promise<boolean>, ms: number): Promise<boolean> {
  const deadline = Date.now() + ms;
  while (Date.now() < deadline) {
    if (await condition()) return true;
    await sleep(50);
  }
  return false;
}

const ready = (url: string) =>
  fetch(`${url}/readyz`, { signal: AbortSignal.timeout(1500) }).then(
    (response) => response.ok,
    () => false,
  );

/**
 * Before the next kill: processing resumed after the last one (up to a
 * minute), so that each kill is a fault of its own, not one long outage.
 */
const afterRecovery = (system: RunningSystem, lastKillMs: number | undefined) =>
  lastKillMs === undefined ? Promise.resolve(true) : until(() => system.resumedSince(lastKillMs), 60_000);

/** `kill -9` of the (first) monitor while records flow, the supervisor starting it again after a second. */
const monitorKills =
  (times: number[]): FaultScript =>
  async (system) => {
    const ends: number[] = [];
    for (const seconds of times) {
      await system.at(seconds);
      await afterRecovery(system, ends.at(-1));
      const monitor = system.monitors[0]!;
      // A fresh process that has not joined yet has no batch to lose: kill it once it consumes.
      await until(() => ready(monitor.url), 30_000);
      await monitor.kill({ restart: true });
      ends.push(Date.now());
      console.error(`  killed ${monitor.name} (due at ${seconds.toFixed(0)} s)`);
    }
    return ends;
  };

/** `kill -9` of the escalation service while the receiver holds deliveries unanswered. */
const escalationKills =
  (times: number[]): FaultScript =>
  async (system) => {
    const ends: number[] = [];
    for (const seconds of times) {
      await system.at(seconds);
      await afterRecovery(system, ends.at(-1));
      await until(() => ready(system.escalation.url), 30_000);
      const sending = await until(() => system.receiver.inFlight() > 0, 15_000);
      await system.escalation.kill({ restart: true });
      ends.push(Date.now());
      console.error(
        `  killed escalation (due at ${seconds.toFixed(0)} s)${sending ? ' with deliveries in flight' : ' (nothing was in flight)'}`,
      );
    }
    return ends;
  };

const redisKill =
  (atSeconds: number, outageSeconds: number, loseLastMs = 0): FaultScript =>
  async (system) => {
    await system.at(atSeconds);
    await system.infra.killRedis({ loseLastMs });
    console.error(`  killed Redis at ${atSeconds} s`);
    await sleep(outageSeconds * 1000);
    await system.infra.startRedis();
    console.error(`  Redis back after ${outageSeconds} s`);
    return [Date.now()];
  };

const brokerStop =
  (atSeconds: number, outageSeconds: number): FaultScript =>
  async (system: RunningSystem) => {
    await system.at(atSeconds);
    await system.infra.stopBroker();
    console.error(`  stopped the broker at ${atSeconds} s`);
    await sleep(outageSeconds * 1000);
    await system.infra.startBroker();
    console.error(`  broker back after ${outageSeconds} s`);
    return [Date.now()];
  };

const oneOfTwoMonitorsKilled =
  (atSeconds: number): FaultScript =>
  async (system) => {
    await system.at(atSeconds);
    await system.monitors[1]!.kill({ restart: false });
    console.error(`  killed monitor-2 of two at ${atSeconds} s, for good`);
    return [Date.now()];
  };

/** Every scenario of the suite over an input window of `inputSeconds`, sized by `sizes`. */
export function faultScenarios(inputSeconds: number, sizes: FaultSizes): RunSpec[] {
  const early = Math.round(inputSeconds * 0.15);
  const late = Math.round(inputSeconds * 0.6);
  const longOutage = Math.min(sizes.longRedisOutageSeconds, inputSeconds - early - 10);
  return [
    {
      name: `monitorKill9x${sizes.monitorKills}`,
      shape: {},
      monitors: 1,
      fault: monitorKills(spread(sizes.monitorKills, early, late)),
    },
    {
      name: `escalationKill9x${sizes.escalationKills}`,
      shape: {},
      monitors: 1,
      fault: escalationKills(spread(sizes.escalationKills, early, late)),
    },
    {
      name: `redisKill9Restart${sizes.shortRedisOutageSeconds}s`,
      shape: {},
      monitors: 1,
      fault: redisKill(early, sizes.shortRedisOutageSeconds),
    },
    {
      name: `redisKill9Restart${longOutage}s`,
      shape: {},
      monitors: 1,
      fault: redisKill(early, longOutage),
    },
    {
      // kill -9 alone loses nothing Redis wrote (the kernel keeps it); a power loss loses the unsynced second.
      name: `redisPowerLoss1sRestart${sizes.shortRedisOutageSeconds}s`,
      shape: {},
      monitors: 1,
      fault: redisKill(early, sizes.shortRedisOutageSeconds, 1000),
    },
    {
      name: `brokerStopped${sizes.brokerOutageSeconds}s`,
      shape: {},
      monitors: 1,
      fault: brokerStop(early, sizes.brokerOutageSeconds),
    },
    { name: 'twoMonitorsOneKilled', shape: {}, monitors: 2, fault: oneOfTwoMonitorsKilled(early * 2) },
    { name: 'adversarial10Percent', shape: { adversarialShare: 0.1 }, monitors: 1 },
    { name: 'crc32HalfTheWaybills', shape: { crc32HalfTheWaybills: true }, monitors: 1 },
  ];
}

export { escalationKills, monitorKills };
