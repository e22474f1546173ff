import {
  consumerSettings,
  type Environment,
  kafkaSettings,
  redisSettings,
  topics as topicsOf,
} from '@slawatch/config';
import {
  AcknowledgeLinks,
  type ApiTokensFile,
  BreachActions,
  type EscalationContext,
  type EscalationFile,
  EscalationMetrics,
  EscalationQueues,
  EscalationStore,
  EscalationWorkers,
  JobDispatcher,
  type LinkBuilder,
  LONGEST_BREACH_ID_PARAMETER,
  loadApiTokens,
  loadEscalationFile,
} from '@slawatch/escalation';
import { KafkaClient, ReadAgainFrom } from '@slawatch/kafka';
import {
  createServiceHttp,
  exitForSupervisor,
  type RunningService,
  registerConsumerMetrics,
  registerProcessMetrics,
  type ServiceParts,
} from '@slawatch/lifecycle';
import type { Logger } from '@slawatch/logger';
import { createRedis, onReconnect, waitUntilReady } from '@slawatch/redis';
import { AttainmentCounts } from '@slawatch/shipment-store';
import { Registry } from 'prom-client';
import { registerAcknowledgeLinkRoutes } from './api/acknowledge-link-routes.js';
import { registerBreachRoutes } from './api/breach-routes.js';
import { registerIncidentRoutes } from './api/incident-routes.js';
import { registerReviewRoutes } from './api/review-routes.js';
import { registerSilenceRoutes } from './api/silence-routes.js';
import { handleBreachBatch } from './breach-consumer.js';
import { type ConsoleService, createConsole } from './console/create-console.js';

export const DEFAULT_PORT = 9102;

export interface EscalationService extends ServiceParts {
  file: EscalationFile;
}

/** Wires the escalation service from configuration; `start` connects, starts workers and consumes breaches. */
export function createEscalationService(env: Environment, logger: Logger): EscalationService {
  const file = loadEscalationFile(env.ESCALATION_FILE);
  const tokens: ApiTokensFile | undefined = env.API_TOKENS_FILE
    ? loadApiTokens(env.API_TOKENS_FILE)
    : undefined;
  if (!tokens) logger.warn('API_TOKENS_FILE is not set: the ops API refuses every request');
  const publicUrl = env.PUBLIC_URL.replace(/\/+$/, '');
  const signedLinks = env.ACK_LINK_SECRET
    ? new AcknowledgeLinks(publicUrl, env.ACK_LINK_SECRET, env.ACK_LINK_TTL_SECONDS * 1000)
    : undefined;
  if (!signedLinks)
    logger.warn(
      'ACK_LINK_SECRET is not set: messages link to the ops API instead of a one-click acknowledge',
    );
  const links: LinkBuilder = {
    acknowledge: (breachId, nowMs) =>
      signedLinks
        ? signedLinks.linkFor(breachId, nowMs)
        : `${publicUrl}/api/breaches/${encodeURIComponent(breachId)}`,
    incident: (incidentId, nowMs) =>
      signedLinks
        ? signedLinks.incidentLinkFor(incidentId, nowMs)
        : `${publicUrl}/api/incidents/${encodeURIComponent(incidentId)}`,
    digest: () => `${publicUrl}/api/breaches?status=open`,
  };

  const redisConfig = redisSettings(env);
  // BullMQ blocks on its connections and needs them to retry forever.
  const queueRedis = createRedis(redisConfig, {
    name: 'slawatch-escalation-queues',
    maxRetriesPerRequest: null,
  });
  const workerRedis = createRedis(redisConfig, {
    name: 'slawatch-escalation-workers',
    maxRetriesPerRequest: null,
  });
  const storeRedis = createRedis(redisConfig, {
    name: 'slawatch-escalation-store',
    maxRetriesPerRequest: null,
    autoPipelining: true,
  });
  const store = new EscalationStore(storeRedis, env.REDIS_KEY_PREFIX);
  const registry = new Registry();
  registerProcessMetrics(registry, 'escalation');
  const metrics = new EscalationMetrics(
    registry,
    { targets: Object.keys(file.targets), policies: Object.keys(file.policies) },
    () => store.breaches.activeCounts(),
    () => store.incidents.activeCounts(),
  );
  const context: EscalationContext = { file, store, metrics, logger, links, now: Date.now };
  const prefix = store.keys.queuePrefix();
  const queues = new EscalationQueues(queueRedis, {
    prefix,
    attempts: file.delivery.attempts,
    backoffMs: file.delivery.retryBackoff,
  });
  const dispatcher = new JobDispatcher({ context, queues, maxAttempts: file.delivery.attempts });
  const actions = new BreachActions(context, queues, (first) => dispatcher.step(first));
  const workers = new EscalationWorkers({
    connection: workerRedis,
    dispatcher,
    settings: {
      prefix,
      concurrency: env.ESCALATION_CONCURRENCY,
      stalledIntervalMs: env.ESCALATION_STALLED_INTERVAL_MS,
    },
    logger,
  });

  const kafka = new KafkaClient(kafkaSettings(env, 'escalation'), logger);
  const topic = topicsOf(env).breaches;
  const admin = kafka.admin();
  const consumer = kafka.consumer({
    groupId: env.ESCALATION_CONSUMER_GROUP,
    topics: [topic],
    ...consumerSettings(env),
    onGiveUp: (error) => exitForSupervisor(logger, error),
    // The offsets written after the batches' effects (consumed-offsets.ts), not Kafka's: after a Redis
    // restart that lost writes they are behind, and the breach changes whose effects were lost are read again.
    positions: { read: (assignment) => store.consumedOffsets.read(assignment) },
  });
  // A reconnected Redis may have restarted from an AOF a second behind, a promoted cluster replica may
  // lack its master's last writes: read again from what it holds.
  onReconnect(storeRedis, () => {
    logger.warn(
      'Redis reconnected (or a cluster slot has a new master): reading every owned partition again from the offsets it holds',
    );
    consumer.reposition();
    workers.restart();
  });

  registerConsumerMetrics(registry, consumer, env.ESCALATION_CONSUMER_GROUP);

  const http = createServiceHttp({
    host: env.HTTP_HOST,
    port: env.HTTP_PORT ?? DEFAULT_PORT,
    logger,
    registry,
    // Breach ids ride in routes plain (/api/breaches/:id) and base64url (/ack/:id);
    // a 64-character waybill's are longer than fastify's default 100.
    longestRouteParameter: LONGEST_BREACH_ID_PARAMETER,
    readiness: {
      kafka: async () => consumer.readiness(),
      redis: async () => (await storeRedis.ping()) === 'PONG',
      workers: async () => workers.isRunning(),
    },
  });
  const api = { store, actions, tokens, now: Date.now };
  // Before the API's routes: its session check runs for them too.
  const consoleService: ConsoleService = createConsole(http, {
    env,
    logger,
    redis: storeRedis,
    subscriber: createRedis(redisConfig, { name: 'slawatch-escalation-console' }),
    store,
    tokens,
    file,
    publicUrl,
  });
  registerBreachRoutes(http, api);
  registerSilenceRoutes(http, api);
  registerIncidentRoutes(http, api);
  // The review is served here, beside the other viewer APIs and their tokens; the monitor's
  // HTTP server has health and metrics only, with no callers to authenticate.
  let inputPartitions: number | undefined;
  registerReviewRoutes(http, {
    tokens,
    counts: new AttainmentCounts(storeRedis, { prefix: env.REDIS_KEY_PREFIX }),
    standardsFile: env.STANDARDS_FILE,
    partitions: async () => {
      inputPartitions ??= await admin
        .partitionCounts([env.TOPIC_ORDERS])
        .then((counts) => counts.get(env.TOPIC_ORDERS))
        .catch(() => undefined);
      return inputPartitions ?? env.KAFKA_PARTITIONS;
    },
  });
  if (signedLinks) registerAcknowledgeLinkRoutes(http, { links: signedLinks, actions, now: Date.now });

  async function start(): Promise<RunningService> {
    await waitUntilReady(storeRedis);
    await admin.connect();
    await admin.ensureTopics([
      { topic, partitions: env.KAFKA_PARTITIONS, replicationFactor: env.KAFKA_REPLICATION_FACTOR },
    ]);
    workers.start();
    await consoleService.start();
    await consumer.start(async (batch) => {
      // A batch that does not continue what Redis holds (its last writes lost) is read again from there,
      // checked before the effects (kept in order) and again when storing (Redis may fail over meanwhile).
      const position = { topic: batch.topic, partition: batch.partition, startOffset: batch.startOffset };
      const behindBefore = await store.consumedOffsets.behind(position);
      if (behindBefore !== undefined) throw readAgain(position, behindBefore);
      await handleBreachBatch(batch, { actions, metrics, logger });
      consoleService.feed.announce();
      if (batch.isStale()) return;
      const { behindAt } = await store.consumedOffsets.store({ ...position, offset: batch.nextOffset });
      if (behindAt !== undefined) throw readAgain(position, behindAt);
    });
    logger.info(
      { topic, targets: Object.keys(file.targets).length, policies: Object.keys(file.policies).length },
      'escalation consuming',
    );
    return { stop };
  }

  /** No new batches first, then the jobs in hand finish, then the connections close. */
  async function stop(): Promise<void> {
    await consumer.stop();
    await consoleService.stop();
    await workers.stop();
    await queues.close();
    await admin.disconnect().catch(() => undefined);
    for (const connection of [queueRedis, workerRedis, storeRedis]) connection.disconnect();
  }

  return { http, start, file };
}

function readAgain(position: { topic: string; partition: number; startOffset: string }, stored: string) {
  return new ReadAgainFrom({
    topic: position.topic,
    partition: position.partition,
    offset: stored,
    reason: `Redis holds the effects up to offset ${stored} only, the batch starts at ${position.startOffset}`,
  });
}
