import { describe, expect, it } from 'vitest';
import { ConfigurationError, kafkaSettings, loadEnvironment, redisSettings, topics } from '../src/index.js';

function problemsOf(env: Record<string, string>): string[] {
  try {
    loadEnvironment(env);
  } catch (error) {
    if (error instanceof ConfigurationError) return error.problems;
    throw error;
  }
  throw new Error('expected a ConfigurationError');
}

describe('loadEnvironment', () => {
  it('applies defaults', () => {
    const env = loadEnvironment({});
    expect(env.KAFKA_BROKERS).toEqual(['127.0.0.1:9092']);
    expect(env.TOPIC_ORDERS).toBe('logistics.orders');
    expect(env.HTTP_PORT).toBeUndefined();
    expect(loadEnvironment({}, { HTTP_PORT: '9101' }).HTTP_PORT).toBe(9101);
  });

  it('rejects a non-numeric port, naming the variable, the value and what was expected', () => {
    expect(problemsOf({ HTTP_PORT: 'eighty' })).toEqual([
      expect.stringMatching(/^HTTP_PORT="eighty": expected a port number/),
    ]);
    expect(problemsOf({ HTTP_PORT: '70000' })[0]).toMatch(
      /HTTP_PORT="70000": expected a port from 1 to 65535/,
    );
  });

  // The monitor's bounded settings: each a default, an override, one past its bound and zero.
  it.each([
    // A batch: 2 MB a partition by default, at most the 10 MB a fetch brings.
    {
      name: 'MONITOR_BATCH_MAX_BYTES',
      byDefault: 2_097_152,
      override: 1_048_576,
      max: 10_485_760,
      beyond: 20_000_000,
    },
    // Batches in hand: six by default, at most 64.
    { name: 'MONITOR_BATCHES_AT_ONCE', byDefault: 6, override: 3, max: 64, beyond: 65 },
  ] as const)(
    '$name is $byDefault by default and at most $max',
    ({ name, byDefault, override, max, beyond }) => {
      expect(loadEnvironment({})[name]).toBe(byDefault);
      expect(loadEnvironment({ [name]: String(override) })[name]).toBe(override);
      expect(problemsOf({ [name]: String(beyond) })).toEqual([
        expect.stringMatching(new RegExp(`^${name}="${beyond}": expected at most ${max}`)),
      ]);
      expect(problemsOf({ [name]: '0' })[0]).toMatch(
        new RegExp(`${name}="0": expected a positive whole number`),
      );
    },
  );

  it('reports every problem at once', () => {
    const problems = problemsOf({ LOG_LEVEL: 'loud', KAFKA_BROKERS: 'localhost', REDIS_URL: 'http://x' });
    expect(problems).toHaveLength(3);
    expect(problems.join('\n')).toMatch(/LOG_LEVEL="loud": expected one of/);
    expect(problems.join('\n')).toMatch(/KAFKA_BROKERS="localhost": expected host:port/);
    expect(problems.join('\n')).toMatch(/REDIS_URL="http:\/\/x": expected a redis:\/\/ or rediss:\/\/ URL/);
  });

  it('checks the simulator numbers: rate and time scale above 0, seed and duration whole and not negative', () => {
    const refused = [
      ['SIMULATOR_RATE', '0', 'expected a number greater than 0'],
      ['SIMULATOR_TIME_SCALE', 'fast', 'expected a number'],
      ['SIMULATOR_SEED', '-1', 'expected 0 or more'],
      ['SIMULATOR_DURATION_SECONDS', '1.5', 'expected a whole number'],
    ] as const;
    expect(problemsOf(Object.fromEntries(refused.map(([name, value]) => [name, value])))).toEqual(
      refused.map(([name, value, expected]) => `${name}="${value}": ${expected}`),
    );
    const env = loadEnvironment({
      SIMULATOR_RATE: '2.5',
      SIMULATOR_SEED: '0',
      SIMULATOR_DURATION_SECONDS: '60',
    });
    expect([env.SIMULATOR_RATE, env.SIMULATOR_SEED, env.SIMULATOR_DURATION_SECONDS]).toEqual([2.5, 0, 60]);
  });

  it('hides secret values and checks SASL completeness', () => {
    const problems = problemsOf({ KAFKA_SASL_MECHANISM: 'plain', KAFKA_SASL_USERNAME: 'u' });
    expect(problems[0]).toMatch(/expected KAFKA_SASL_USERNAME and KAFKA_SASL_PASSWORD/);
  });

  it('builds adapter settings', () => {
    const env = loadEnvironment({
      KAFKA_BROKERS: 'a:1, b:2',
      KAFKA_SASL_MECHANISM: 'scram-sha-512',
      KAFKA_SASL_USERNAME: 'u',
      KAFKA_SASL_PASSWORD: 'p',
      REDIS_URL: 'rediss://:pw@redis.example:6380/2',
      TOPIC_DLQ: 'dead',
    });
    expect(kafkaSettings(env, 'monitor')).toEqual({
      brokers: ['a:1', 'b:2'],
      clientId: 'slawatch-monitor',
      sasl: { mechanism: 'scram-sha-512', username: 'u', password: 'p' },
    });
    expect(redisSettings(env).tls).toEqual({ rejectUnauthorized: true });
    expect(topics(env).deadLetter).toBe('dead');
  });

  it('connects to a Redis Cluster through REDIS_CLUSTER_NODES, with the password of REDIS_URL', () => {
    const env = loadEnvironment({
      REDIS_URL: 'redis://:pw@ignored:1',
      REDIS_CLUSTER_NODES: '10.0.0.1:7000, 10.0.0.2:7000',
    });
    expect(redisSettings(env)).toMatchObject({
      url: 'redis://:pw@ignored:1',
      clusterNodes: ['10.0.0.1:7000', '10.0.0.2:7000'],
    });
    expect(redisSettings(loadEnvironment({})).clusterNodes).toBeUndefined();
  });

  it('refuses cluster nodes without ports, and a database number beside them, saying what was expected', () => {
    expect(problemsOf({ REDIS_CLUSTER_NODES: '10.0.0.1' })).toEqual([
      expect.stringMatching(/^REDIS_CLUSTER_NODES="10\.0\.0\.1": expected host:port/),
    ]);
    expect(problemsOf({ REDIS_CLUSTER_NODES: 'a:7000', REDIS_URL: 'redis://:pw@a:7000/2' })).toEqual([
      'REDIS_CLUSTER_NODES is set: expected REDIS_URL without a database number (a Redis Cluster has only database 0)',
    ]);
  });
});
