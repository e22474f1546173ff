import { type Environment, kafkaSettings, topics as topicsOf } from '@slawatch/config';
import { KafkaClient } from '@slawatch/kafka';
import { createServiceHttp, type RunningService } from '@slawatch/lifecycle';
import type { Logger } from '@slawatch/logger';
import { createSimulation } from '@slawatch/network-simulation';
import { loadStandards } from '@slawatch/standards';
import { SimulatorMetrics } from './metrics.js';
import { PublicationSchedule } from './schedule.js';
import { SimulationRunner } from './simulation-runner.js';
import { TruthLog } from './truth-log.js';
import { TruthSummary } from './truth-summary.js';

export interface Simulator {
  http: ReturnType<typeof createServiceHttp>;
  start(): Promise<RunningService>;
  metrics: SimulatorMetrics;
}

/** Wires the simulator from configuration; `start` connects to Kafka and begins publishing. */
export function createSimulator(env: Environment, logger: Logger): Simulator {
  const standards = loadStandards(env.STANDARDS_FILE);
  const startMs = Date.now();
  const simulation = createSimulation({
    seed: env.SIMULATOR_SEED,
    standards,
    faults: env.SIMULATOR_FAULTS,
    timeScale: env.SIMULATOR_TIME_SCALE,
    // The start time in the prefix keeps a rerun with the same seed from reusing the waybills of the last run.
    waybillPrefix: `S${env.SIMULATOR_SEED.toString(36).toUpperCase()}T${Math.floor(startMs / 1000)
      .toString(36)
      .toUpperCase()}-`,
  });
  const topics = topicsOf(env);
  const inputTopics = {
    orders: topics.orders,
    dispatch: topics.dispatch,
    delivery: topics.delivery,
    aftersales: topics.aftersales,
  };
  const kafka = new KafkaClient(kafkaSettings(env, 'simulator'), logger);
  const producer = kafka.producer();
  const admin = kafka.admin();
  const metrics = new SimulatorMetrics();
  const summary = new TruthSummary();
  const schedule = new PublicationSchedule(simulation, {
    rate: env.SIMULATOR_RATE,
    startMs,
    durationMs: env.SIMULATOR_DURATION_SECONDS * 1000,
    maxStartsPerCall: Math.max(10, Math.ceil(env.SIMULATOR_RATE)),
  });
  let connected = false;

  const http = createServiceHttp({
    host: env.HTTP_HOST,
    port: env.HTTP_PORT ?? 9103,
    logger,
    registry: metrics.registry,
    readiness: { kafka: async () => connected },
  });
  http.get('/summary', async () => ({
    seed: env.SIMULATOR_SEED,
    faults: env.SIMULATOR_FAULTS,
    rate: env.SIMULATOR_RATE,
    timeScale: env.SIMULATOR_TIME_SCALE,
    standardsFile: env.STANDARDS_FILE,
    standardsVersion: standards.version,
    waybillPrefix: simulation.waybillPrefix,
    startedAt: new Date(startMs).toISOString(),
    groundTruthFile: env.SIMULATOR_GROUND_TRUTH_FILE,
    pendingRecords: schedule.pendingRecords,
    finished: schedule.finished(),
    ...summary.snapshot(),
  }));

  return {
    http,
    metrics,
    async start() {
      await Promise.all([producer.connect(), admin.connect()]);
      // The same topics the monitor creates; whichever starts first creates them.
      await admin.ensureTopics(
        Object.values(inputTopics).map((topic) => ({
          topic,
          partitions: env.KAFKA_PARTITIONS,
          replicationFactor: env.KAFKA_REPLICATION_FACTOR,
        })),
      );
      await admin.disconnect();
      connected = true;
      const truthLog = new TruthLog(env.SIMULATOR_GROUND_TRUTH_FILE);
      const runner = new SimulationRunner({
        schedule,
        producer,
        topics: inputTopics,
        metrics,
        summary,
        truthLog,
        logger,
      });
      runner.start();
      logger.info(
        {
          rate: env.SIMULATOR_RATE,
          seed: env.SIMULATOR_SEED,
          faults: env.SIMULATOR_FAULTS,
          groundTruth: truthLog.path,
        },
        'simulating parcels',
      );
      return {
        async stop() {
          await runner.stop();
          connected = false;
          await truthLog.close();
          await producer.disconnect();
        },
      };
    },
  };
}
