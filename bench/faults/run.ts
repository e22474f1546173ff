import { randomBytes } from 'node:crypto';
import { KafkaClient } from '@slawatch/kafka';
import type { Logger } from '@slawatch/logger';
import { generateScenario } from '@slawatch/network-simulation';
import type { StandardsFile } from '@slawatch/standards';
import { monitorTopics } from '../../test/harness/monitor-topics.js';
import {
  type Change,
  type OffsetSample,
  type ReadinessSample,
  recoverySeconds,
  relativeBreachId,
} from './comparison.js';
import type { FaultInfra } from './infra.js';
import { ProgressWatch, readBreachChanges } from './observer.js';
import { type InputShape, publishOnSchedule, sleep, timedRecords } from './publisher.js';
import type { Delivery, NotificationReceiver } from './receiver.js';
import { SupervisedService, type UnexpectedExit } from './service-process.js';

export const STANDARDS_FILE = 'services/monitor/test/fixtures/e2e-standards.yaml';
/** The services' own stall limit (CONSUMER_STALL_SECONDS): /readyz may lag progress by this much. */
export const STALL_SECONDS = 5;
const SUPERVISOR_RESTART_DELAY_MS = 1000;

/** What the same input is, run after run: the simulator's seed, size and the window published. */
export interface InputPlan {
  seed: number;
  /** Orders per second; the input window is `inputSeconds` of them. */
  ordersPerSecond: number;
  inputSeconds: number;
  partitions: number;
}

/** The running system a fault acts on. */
export interface RunningSystem {
  infra: FaultInfra;
  monitors: SupervisedService[];
  escalation: SupervisedService;
  receiver: NotificationReceiver;
  /** Resolves at `seconds` after the run's first order. */
  at(seconds: number): Promise<void>;
  /** Whether every partition with a backlog at `sinceMs` has committed since (see recoverySeconds). */
  resumedSince(sinceMs: number): boolean;
}

/** A fault: acts on the system and returns when each of its faults ended (epoch ms). */
export type FaultScript = (system: RunningSystem) => Promise<number[]>;

export interface RunSpec {
  name: string;
  shape: Omit<InputShape, 'partitions'>;
  monitors: number;
  fault?: FaultScript;
}

export interface RunRecord {
  name: string;
  /** Event time of the first order, epoch ms: the origin of the run's seconds. */
  startMs: number;
  changes: Change[];
  deliveries: Delivery[];
  /** Waybills whose every record was published and every due time passed inside the input window. */
  judged: Set<string>;
  truth: Array<{ breachId: string; status: string }>;
  offsets: Map<string, OffsetSample[]>;
  readiness: ReadinessSample[];
  faultEndsMs: number[];
  unexpectedExits: UnexpectedExit[];
  publishRetries: number;
  records: number;
}

export interface RunContext {
  infra: FaultInfra;
  receiver: NotificationReceiver;
  escalationFile: string;
  standards: StandardsFile;
  input: InputPlan;
  logger: Logger;
}

/** One run of the whole system over the input, with a fault or without. */
export async function runOnce(context: RunContext, spec: RunSpec): Promise<RunRecord> {
  const { infra, input, logger } = context;
  const id = `faults-${spec.name}-${randomBytes(3).toString('hex')}`;
  const { topics, env: named } = monitorTopics(id);
  const monitorGroup = named.KAFKA_CONSUMER_GROUP;
  const escalationGroup = `${id}-escalation`;
  const client = new KafkaClient({ brokers: [infra.brokers], clientId: id }, logger);
  const admin = client.admin();
  await admin.connect();
  // Hostile inputs carry 900 KB records, so that the monitor, not the broker, refuses them.
  const large = { 'max.message.bytes': String(8 * 1024 * 1024) };
  const inputTopics = [topics.orders, topics.dispatch, topics.delivery, topics.aftersales];
  await admin.ensureTopics([
    ...inputTopics.map((topic) => ({ topic, partitions: input.partitions, config: large })),
    { topic: topics.breaches, partitions: input.partitions },
    { topic: topics.deadLetter, partitions: 1 },
  ]);
  const unexpectedExits: UnexpectedExit[] = [];
  const onUnexpectedExit = (exit: UnexpectedExit) => {
    unexpectedExits.push(exit);
    console.error(
      `  ${exit.service} exited by itself (code ${exit.code}, signal ${exit.signal}); restarting it`,
    );
  };
  const common = { KAFKA_BROKERS: infra.brokers, REDIS_URL: infra.redisUrl, REDIS_KEY_PREFIX: `${id}:` };
  const monitorEnv = {
    ...common,
    STANDARDS_FILE,
    DEADLINE_POLL_INTERVAL_MS: '100',
    ...named,
    KAFKA_PARTITIONS: String(input.partitions),
    CONSUMER_STALL_SECONDS: String(STALL_SECONDS),
  };
  const reader = await readBreachChanges(client, `${id}-reader`, topics.breaches);
  const supervised = (service: string, name: string, env: Record<string, string>) =>
    SupervisedService.start({
      service,
      name,
      env,
      restartDelayMs: SUPERVISOR_RESTART_DELAY_MS,
      onUnexpectedExit,
    });
  const monitors = await Promise.all(
    Array.from({ length: spec.monitors }, (_, i) => supervised('monitor', `monitor-${i + 1}`, monitorEnv)),
  );
  const escalation = await supervised('escalation', 'escalation', {
    ...common,
    TOPIC_BREACHES: topics.breaches,
    ESCALATION_CONSUMER_GROUP: escalationGroup,
    ESCALATION_FILE: context.escalationFile,
    CONSUMER_STALL_SECONDS: String(STALL_SECONDS),
  });
  const services = [...monitors, escalation];
  const watch = new ProgressWatch(
    () => client.admin(),
    [
      { groupId: monitorGroup, topics: inputTopics },
      { groupId: escalationGroup, topics: [topics.breaches] },
    ],
    () => [
      ...monitors.map((service) => ({ service, group: monitorGroup })),
      { service: escalation, group: escalationGroup },
    ],
  );
  try {
    await Promise.all(services.map((service) => service.waitUntilReady()));
    const startMs = Date.now() + 2000;
    const shipments = input.ordersPerSecond * input.inputSeconds;
    const scenario = generateScenario({
      seed: input.seed,
      shipments,
      faults: 'demo',
      standards: context.standards,
      startMs,
      intervalMs: 1000 / input.ordersPerSecond,
    });
    const cutoffMs = startMs + input.inputSeconds * 1000;
    const settled = scenario.shipments.filter((shipment) => shipment.settlesAtMs <= cutoffMs);
    const judged = new Set(settled.map((shipment) => shipment.plan.waybill));
    const relative = (breachId: string) => relativeBreachId(breachId, startMs);
    context.receiver.reset(relative);
    const records = timedRecords(
      scenario.records,
      { ...spec.shape, partitions: input.partitions },
      { startMs, endMs: cutoffMs },
    );
    const topicOf: Record<string, string> = {
      orders: topics.orders,
      dispatch: topics.dispatch,
      delivery: topics.delivery,
      aftersales: topics.aftersales,
    };
    const producer = client.producer();
    await producer.connect();
    let publishRetries = 0;
    watch.start();
    const system: RunningSystem = {
      infra,
      monitors,
      escalation,
      receiver: context.receiver,
      at: async (seconds) => void (await sleep(Math.max(0, startMs + seconds * 1000 - Date.now()))),
      resumedSince: (sinceMs) => recoverySeconds(watch.offsets, [sinceMs]).resumedSeconds !== null,
    };
    console.error(
      `${spec.name}: ${records.length} records over ${input.inputSeconds} s; ${judged.size} shipments settle inside it`,
    );
    const [faultEndsMs] = await Promise.all([
      spec.fault ? spec.fault(system) : Promise.resolve([]),
      publishOnSchedule({
        producer,
        records,
        topicOf: (family) => topicOf[family]!,
        onSendFailed: () => publishRetries++,
      }),
    ]);
    await producer.disconnect().catch(() => undefined);
    await settle({
      watch,
      reader,
      receiver: context.receiver,
      notBeforeMs: cutoffMs + 3000,
      judged: () => judgedPast(monitors, cutoffMs + WATERMARK_TOLERANCE_MS),
    });
    watch.stop();
    return {
      name: spec.name,
      startMs,
      changes: reader.changes.map((change) => ({ ...change, breachId: relative(change.breachId) })),
      deliveries: [...context.receiver.deliveries],
      judged,
      truth: settled.flatMap((shipment) =>
        shipment.truth.map((breach) => ({ breachId: relative(breach.breachId), status: breach.status })),
      ),
      offsets: watch.offsets,
      readiness: watch.readiness,
      faultEndsMs,
      unexpectedExits,
      publishRetries,
      records: records.length,
    };
  } finally {
    watch.stop();
    await Promise.allSettled(services.map((service) => service.stop()));
    await reader.stop().catch(() => undefined);
    await admin.disconnect().catch(() => undefined);
  }
}

/** The monitors' DEADLINE_WATERMARK_TOLERANCE_MS (its default). */
const WATERMARK_TOLERANCE_MS = 1000;

/**
 * Whether every running monitor judges deadlines past `untilMs` on every
 * partition it owns (its evidence watermark, from slawatch_watermark_lag_seconds):
 * deadlines held back by a fault (a broker outage's grace) have been judged.
 */
async function judgedPast(monitors: SupervisedService[], untilMs: number): Promise<boolean> {
  try {
    for (const monitor of monitors) {
      if (!monitor.isRunning()) continue;
      const nowMs = Date.now();
      const lags = await monitor.metricValues('slawatch_watermark_lag_seconds');
      if (lags.length === 0 || lags.some((lagSeconds) => nowMs - lagSeconds * 1000 < untilMs)) return false;
    }
    return true;
  } catch {
    return false;
  }
}

/**
 * Waits until the run has said all it will: both groups committed
 * everything, every deadline of the input window judged, and no breach
 * change and no notification for three seconds (the last deadlines fire and
 * the last pages go out). At most four minutes: the pages of a storm of
 * false opens take long to go out.
 */
async function settle(options: {
  watch: ProgressWatch;
  reader: { lastChangeAtMs(): number };
  receiver: NotificationReceiver;
  notBeforeMs: number;
  judged: () => Promise<boolean>;
}): Promise<void> {
  const deadline = Math.max(Date.now(), options.notBeforeMs) + 240_000;
  const quiet = () => {
    const lastDelivery = options.receiver.deliveries.at(-1)?.atMs ?? 0;
    const last = Math.max(options.reader.lastChangeAtMs(), lastDelivery);
    return Date.now() - last > 3000 && options.receiver.inFlight() === 0;
  };
  await sleep(Math.max(0, options.notBeforeMs - Date.now()));
  let judgedSinceMs: number | undefined;
  while (Date.now() < deadline) {
    // Quiet counts from when the window's deadlines may be judged: the last of them fire after that.
    if (judgedSinceMs === undefined && (await options.judged())) judgedSinceMs = Date.now();
    const judgedLongEnough = judgedSinceMs !== undefined && Date.now() - judgedSinceMs > 3000;
    if (judgedLongEnough && quiet() && (await options.watch.caughtUp())) return;
    await sleep(500);
  }
  console.error('  the run did not settle within four minutes; judging what it did');
}
