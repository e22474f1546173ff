import { z } from 'zod';

/**
 * Every environment variable slawatch reads, with its schema, default and
 * meaning. The table is the single source for validation, for the
 * docs/operations.md table and for the docker-compose agreement test.
 */
export interface Variable<T> {
  schema: z.ZodType<T>;
  default?: string;
  description: string;
  secret?: boolean;
}

const port = z.coerce
  .number({ error: 'expected a port number' })
  .int('expected a whole number')
  .min(1, 'expected a port from 1 to 65535')
  .max(65535, 'expected a port from 1 to 65535');
const positiveInt = z.coerce
  .number({ error: 'expected a number' })
  .int('expected a whole number')
  .positive('expected a positive whole number');
const wholeFromZero = z.coerce
  .number({ error: 'expected a number' })
  .int('expected a whole number')
  .min(0, 'expected 0 or more');
const positiveNumber = z.coerce
  .number({ error: 'expected a number' })
  .positive('expected a number greater than 0');
const bool = z
  .enum(['true', 'false', '1', '0', 'yes', 'no'], { error: 'expected true or false' })
  .transform((v) => v === 'true' || v === '1' || v === 'yes');
const topic = z
  .string()
  .regex(/^[a-zA-Z0-9._-]{1,249}$/, 'expected a Kafka topic name (letters, digits, . _ -)');
const hostPortList = z
  .string()
  .transform((s) =>
    s
      .split(',')
      .map((b) => b.trim())
      .filter((b) => b !== ''),
  )
  .pipe(
    z
      .array(z.string().regex(/^[^\s:]+:\d{1,5}$/, 'expected host:port'), {
        error: 'expected host:port list',
      })
      .min(1, 'expected at least one host:port'),
  );
const redisUrl = z
  .string()
  .regex(
    /^rediss?:\/\/[^\s]+$/,
    'expected a redis:// or rediss:// URL, e.g. redis://:password@127.0.0.1:6379/0',
  );

function variable<T>(schema: z.ZodType<T>, description: string): Variable<T>;
function variable<T>(
  schema: z.ZodType<T>,
  description: string,
  defaultValue: string,
): Variable<T> & { default: string };
function variable<T>(
  schema: z.ZodType<T>,
  description: string,
  defaultValue: undefined,
  secret: boolean,
): Variable<T>;
function variable<T>(
  schema: z.ZodType<T>,
  description: string,
  defaultValue?: string,
  secret = false,
): Variable<T> {
  const v: Variable<T> = { schema, description, secret };
  if (defaultValue !== undefined) v.default = defaultValue;
  return v;
}

export const VARIABLES = {
  LOG_LEVEL: variable(
    z.enum(['fatal', 'error', 'warn', 'info', 'debug', 'trace', 'silent'], {
      error: 'expected one of fatal, error, warn, info, debug, trace, silent',
    }),
    'Minimum level of log lines',
    'info',
  ),
  LOG_FORMAT: variable(
    z.enum(['json', 'pretty', 'auto'], { error: 'expected json, pretty or auto' }),
    'json for machines, pretty for a terminal; auto picks pretty when stdout is a terminal',
    'auto',
  ),
  HTTP_HOST: variable(z.string().min(1), 'Address the health, metrics and API server binds to', '127.0.0.1'),
  HTTP_PORT: variable(port, 'Port of the health, metrics and API server (default depends on the service)'),
  KAFKA_BROKERS: variable(hostPortList, 'Comma-separated Kafka bootstrap servers', '127.0.0.1:9092'),
  KAFKA_CLIENT_ID: variable(z.string().min(1), 'Kafka client id prefix', 'slawatch'),
  KAFKA_SSL: variable(bool, 'Connect to Kafka over TLS', 'false'),
  KAFKA_SSL_CA_FILE: variable(z.string().min(1), 'PEM file of the CA that signed the brokers (TLS)'),
  KAFKA_SSL_CERT_FILE: variable(z.string().min(1), 'PEM client certificate for mutual TLS'),
  KAFKA_SSL_KEY_FILE: variable(z.string().min(1), 'PEM client key for mutual TLS'),
  KAFKA_SSL_REJECT_UNAUTHORIZED: variable(bool, 'Verify the brokers’ certificates', 'true'),
  KAFKA_SASL_MECHANISM: variable(
    z.enum(['plain', 'scram-sha-256', 'scram-sha-512'], {
      error: 'expected plain, scram-sha-256 or scram-sha-512',
    }),
    'SASL mechanism; unset for no SASL',
  ),
  KAFKA_SASL_USERNAME: variable(z.string().min(1), 'SASL user name'),
  KAFKA_SASL_PASSWORD: variable(z.string().min(1), 'SASL password', undefined, true),
  KAFKA_CONSUMER_GROUP: variable(z.string().min(1), 'Consumer group of the monitor', 'slawatch-monitor'),
  KAFKA_SESSION_TIMEOUT_MS: variable(
    positiveInt,
    'Kafka consumer session timeout: a member silent this long is removed from its group',
    '10000',
  ),
  CONSUMER_STALL_SECONDS: variable(
    positiveInt,
    'A partition with lag (or a batch in hand) and no progress this long makes /readyz not ready, naming it',
    '60',
  ),
  MONITOR_BATCH_MAX_BYTES: variable(
    // kafkajs fetches at most 10 MB in all: a larger cap would not be one.
    positiveInt.max(10_485_760, 'expected at most 10485760 (a fetch brings at most 10 MB in all)'),
    'Most bytes of one input partition the monitor reads into one batch (a fetch’s bytes per partition, at most 10 MB): larger batches cost less per event in a backlog and hold Redis longer per script call',
    '2097152',
  ),
  MONITOR_BATCHES_AT_ONCE: variable(
    // Each is a batch's records, states and script call in hand at once: a bound, not a pool to fill.
    positiveInt.max(64, 'expected at most 64 (each batch in hand holds its records and states)'),
    'Most input batches the monitor handles at once, over all its partitions (batches of one partition number still go one at a time): more keep its main thread busy while others wait for Redis',
    '6',
  ),
  CONSUMER_MAX_REJOIN_SECONDS: variable(
    positiveInt,
    'A consumer out of its group this long (crashed, broker or Redis away) exits the process non-zero for its supervisor to restart',
    '300',
  ),
  KAFKA_PARTITIONS: variable(positiveInt, 'Partitions of the input topics when slawatch creates them', '6'),
  KAFKA_REPLICATION_FACTOR: variable(positiveInt, 'Replication factor of topics slawatch creates', '1'),
  REDIS_URL: variable(
    redisUrl,
    'Redis URL; rediss:// for TLS, password in the URL',
    'redis://127.0.0.1:6380',
  ),
  REDIS_CLUSTER_NODES: variable(
    hostPortList,
    'Comma-separated host:port seed nodes of a Redis Cluster; when set, slawatch uses the cluster (user, password and TLS still from REDIS_URL, whose host is then not used)',
  ),
  REDIS_TLS_CA_FILE: variable(z.string().min(1), 'PEM CA file for rediss:// connections'),
  REDIS_TLS_REJECT_UNAUTHORIZED: variable(bool, 'Verify the Redis server certificate', 'true'),
  REDIS_KEY_PREFIX: variable(
    z.string().regex(/^[a-zA-Z0-9:_-]*$/, 'expected letters, digits, : _ -'),
    'Prefix of every Redis key slawatch writes',
    'slawatch:',
  ),
  TOPIC_ORDERS: variable(topic, 'Input topic of order events', 'logistics.orders'),
  TOPIC_DISPATCH: variable(topic, 'Input topic of dispatch events', 'logistics.dispatch'),
  TOPIC_DELIVERY: variable(topic, 'Input topic of delivery events', 'logistics.delivery'),
  TOPIC_AFTERSALES: variable(topic, 'Input topic of after-sales events', 'logistics.aftersales'),
  TOPIC_BREACHES: variable(topic, 'Output topic of breach changes', 'slawatch.breaches'),
  TOPIC_DLQ: variable(topic, 'Dead-letter topic for records that are not valid events', 'slawatch.dlq'),
  STANDARDS_FILE: variable(
    z.string().min(1),
    'Path of the service standards YAML file',
    'standards/default.yaml',
  ),
  SHIPMENT_BUCKETS: variable(
    positiveInt,
    'Buckets per partition that group shipment states in Redis; aim for about 100 in-flight shipments a bucket',
    '2048',
  ),
  SHIPMENT_RETENTION_SECONDS: variable(positiveInt, 'How long a finished shipment’s state is kept', '604800'),
  ATTAINMENT_RETENTION_DAYS: variable(
    positiveInt,
    'How long the attainment counts of one order day are kept after it, for `slawatch report`',
    '400',
  ),
  DEADLINE_POLL_INTERVAL_MS: variable(
    positiveInt,
    'How often each owned partition is checked for due deadlines',
    '200',
  ),
  DEADLINE_WATERMARK_TOLERANCE_MS: variable(
    wholeFromZero,
    "Deadlines wait this long past the evidence watermark (the input read so far), for publishers' clocks a little ahead of ours and records still in flight",
    '1000',
  ),
  DEADLINE_MAX_HOLD_SECONDS: variable(
    positiveInt,
    'A deadline waits for its evidence to be read at most this long past its due time (for a late upload, past the arrival of its latest record); then it is judged anyway and the breach says judgedBeforeBacklogRead',
    '300',
  ),
  DEADLINE_BROKER_RECOVERY_GRACE_SECONDS: variable(
    wholeFromZero,
    'After the broker was unreachable, publishers get this long once it is back to flush what they held; deadlines due since it was last seen wait until their partition has been read to its end after that',
    '30',
  ),
  DEADLINE_LEASE_MS: variable(
    positiveInt,
    'How long a claimed deadline bucket stays with one instance',
    '10000',
  ),
  EVENT_MAX_BYTES: variable(positiveInt, 'Largest accepted event value in bytes', '65536'),
  EVENT_MAX_FUTURE_SKEW_MS: variable(positiveInt, 'How far in the future an event time may be', '300000'),
  EVENT_MAX_AGE_DAYS: variable(
    positiveInt,
    'How old an event time may be before it is refused as implausible (time_too_old)',
    '90',
  ),
  EVENT_MAX_BEFORE_ORDER_HOURS: variable(
    positiveInt,
    "How long before its shipment's order an event may be dated before it is refused (time_before_order)",
    '24',
  ),
  PROMISE_MAX_AHEAD_DAYS: variable(
    positiveInt,
    'How far from the order time a promisedDeliveryBy may lie before it is refused (implausible_promise)',
    '60',
  ),
  ESCALATION_FILE: variable(
    z.string().min(1),
    'Path of the escalation YAML file (targets, routes, policies)',
    'escalation/default.yaml',
  ),
  ESCALATION_CONSUMER_GROUP: variable(
    z.string().min(1),
    'Consumer group of the escalation service',
    'slawatch-escalation',
  ),
  ESCALATION_CONCURRENCY: variable(
    positiveInt,
    'Escalation jobs one process runs at once per severity queue',
    '20',
  ),
  ESCALATION_STALLED_INTERVAL_MS: variable(
    positiveInt,
    'Lock time of an escalation job; a killed worker’s job runs again after about twice this',
    '30000',
  ),
  API_TOKENS_FILE: variable(
    z.string().min(1),
    'YAML file of ops API tokens (owner, role, sha256); unset: API refuses all',
  ),
  PUBLIC_URL: variable(
    z.url({ protocol: /^https?$/, error: 'expected an http or https URL' }),
    'Base URL of the escalation service as people reach it; used in acknowledge links',
    'http://127.0.0.1:9102',
  ),
  ACK_LINK_SECRET: variable(
    z.string().min(32, 'expected at least 32 characters'),
    'Key that signs acknowledge links; unset: messages link to the API instead',
    undefined,
    true,
  ),
  ACK_LINK_TTL_SECONDS: variable(positiveInt, 'How long an acknowledge link stays valid', '604800'),
  SIMULATOR_RATE: variable(positiveNumber, 'Simulator: parcels (orders) started per second', '20'),
  SIMULATOR_TIME_SCALE: variable(
    positiveNumber,
    'Simulator: event-time ms per nominal ms for what no standard limits (0.0027778 = 1/360: a nominal hour in 10 s; 1: real time)',
    '0.0027778',
  ),
  SIMULATOR_SEED: variable(
    wholeFromZero,
    'Simulator: seed of the generator; the same seed gives the same shipments',
    '1',
  ),
  SIMULATOR_FAULTS: variable(
    z.string().min(1),
    'Simulator: fault profile, none, demo or chaos, or JSON such as {"base":"demo","late_pickup":0.2}',
    'demo',
  ),
  SIMULATOR_DURATION_SECONDS: variable(
    wholeFromZero,
    'Simulator: stop starting parcels after this many seconds; 0 runs until stopped',
    '0',
  ),
  SIMULATOR_GROUND_TRUTH_FILE: variable(
    z.string().min(1),
    'Simulator: JSON-lines file the expected breaches are appended to',
    '/tmp/slawatch-simulator-ground-truth.jsonl',
  ),
} as const;

export type VariableName = keyof typeof VARIABLES;
