import { readFileSync } from 'node:fs';
import type { Environment } from './load.js';

/** Settings for the Kafka adapter, in the adapter's own terms (no client library types). */
export interface KafkaSettings {
  brokers: string[];
  clientId: string;
  ssl?: { ca?: string; cert?: string; key?: string; rejectUnauthorized: boolean };
  sasl?: { mechanism: 'plain' | 'scram-sha-256' | 'scram-sha-512'; username: string; password: string };
}

export interface RedisSettings {
  url: string;
  /** Seed nodes of a Redis Cluster (REDIS_CLUSTER_NODES); absent for one Redis at `url`. */
  clusterNodes?: string[];
  keyPrefix: string;
  tls?: { ca?: string; rejectUnauthorized: boolean };
}

export interface Topics {
  orders: string;
  dispatch: string;
  delivery: string;
  aftersales: string;
  breaches: string;
  deadLetter: string;
}

const read = (file: string | undefined) => (file ? readFileSync(file, 'utf8') : undefined);

export function kafkaSettings(env: Environment, clientSuffix: string): KafkaSettings {
  const settings: KafkaSettings = {
    brokers: env.KAFKA_BROKERS,
    clientId: `${env.KAFKA_CLIENT_ID}-${clientSuffix}`,
  };
  if (env.KAFKA_SSL) {
    settings.ssl = { rejectUnauthorized: env.KAFKA_SSL_REJECT_UNAUTHORIZED };
    const ca = read(env.KAFKA_SSL_CA_FILE);
    const cert = read(env.KAFKA_SSL_CERT_FILE);
    const key = read(env.KAFKA_SSL_KEY_FILE);
    if (ca) settings.ssl.ca = ca;
    if (cert) settings.ssl.cert = cert;
    if (key) settings.ssl.key = key;
  }
  if (env.KAFKA_SASL_MECHANISM && env.KAFKA_SASL_USERNAME && env.KAFKA_SASL_PASSWORD) {
    settings.sasl = {
      mechanism: env.KAFKA_SASL_MECHANISM,
      username: env.KAFKA_SASL_USERNAME,
      password: env.KAFKA_SASL_PASSWORD,
    };
  }
  return settings;
}

const DAY_MS = 86_400_000;

/** The clock checks every reader of events makes: future skew, and how old or far off a fact may plausibly be. */
export interface EventTimeChecks {
  maxFutureSkewMs: number;
  plausibility: { maxAgeMs: number; maxPromiseAheadMs: number };
}

export function eventTimeChecks(env: Environment): EventTimeChecks {
  return {
    maxFutureSkewMs: env.EVENT_MAX_FUTURE_SKEW_MS,
    plausibility: {
      maxAgeMs: env.EVENT_MAX_AGE_DAYS * DAY_MS,
      maxPromiseAheadMs: env.PROMISE_MAX_AHEAD_DAYS * DAY_MS,
    },
  };
}

/** How far the monitor judges deadlines without their evidence read (services/monitor evidence-watermark.ts). */
export interface WatermarkSettings {
  toleranceMs: number;
  maxHoldMs: number;
  brokerRecoveryGraceMs: number;
}

export function watermarkSettings(env: Environment): WatermarkSettings {
  return {
    toleranceMs: env.DEADLINE_WATERMARK_TOLERANCE_MS,
    maxHoldMs: env.DEADLINE_MAX_HOLD_SECONDS * 1000,
    brokerRecoveryGraceMs: env.DEADLINE_BROKER_RECOVERY_GRACE_SECONDS * 1000,
  };
}

/** How a service's consumer heals itself and reports its readiness (packages/kafka BatchConsumer). */
export interface ConsumerSettings {
  sessionTimeoutMs: number;
  stallMs: number;
  maxRejoinMs: number;
}

export function consumerSettings(env: Environment): ConsumerSettings {
  return {
    sessionTimeoutMs: env.KAFKA_SESSION_TIMEOUT_MS,
    stallMs: env.CONSUMER_STALL_SECONDS * 1000,
    maxRejoinMs: env.CONSUMER_MAX_REJOIN_SECONDS * 1000,
  };
}

export function redisSettings(env: Environment): RedisSettings {
  const settings: RedisSettings = { url: env.REDIS_URL, keyPrefix: env.REDIS_KEY_PREFIX };
  if (env.REDIS_CLUSTER_NODES) settings.clusterNodes = env.REDIS_CLUSTER_NODES;
  if (env.REDIS_URL.startsWith('rediss://')) {
    settings.tls = { rejectUnauthorized: env.REDIS_TLS_REJECT_UNAUTHORIZED };
    const ca = read(env.REDIS_TLS_CA_FILE);
    if (ca) settings.tls.ca = ca;
  }
  return settings;
}

export function topics(env: Environment): Topics {
  return {
    orders: env.TOPIC_ORDERS,
    dispatch: env.TOPIC_DISPATCH,
    delivery: env.TOPIC_DELIVERY,
    aftersales: env.TOPIC_AFTERSALES,
    breaches: env.TOPIC_BREACHES,
    deadLetter: env.TOPIC_DLQ,
  };
}
