import { randomBytes } from 'node:crypto';
import { Writable } from 'node:stream';
import { KafkaClient } from '@slawatch/kafka';
import { createLogger, type Logger } from '@slawatch/logger';
import { createRedis, type Redis } from '@slawatch/redis';
import { inject } from 'vitest';

/** A name no other test uses: topics, consumer groups and key prefixes get one each. */
export function uniqueName(base: string): string {
  return `${base}-${randomBytes(4).toString('hex')}`;
}

/** A logger that keeps what it logged, for tests that assert on logs, and prints nothing. */
export function testLogger(): Logger & { lines: string[] } {
  const lines: string[] = [];
  const destination = new Writable({
    write(chunk, _encoding, done) {
      lines.push(String(chunk));
      done();
    },
  });
  return Object.assign(createLogger({ name: 'test', level: 'info', format: 'json', destination }), { lines });
}

export function testKafka(logger: Logger = testLogger()): KafkaClient {
  return new KafkaClient({ brokers: [inject('kafkaBrokers')], clientId: uniqueName('test') }, logger);
}

export function testRedis(): Redis {
  return createRedis({ url: inject('redisUrl') }, { name: 'test' });
}

/** Environment for a service process started by a test, pointing at the harness's broker and Redis. */
export function serviceEnvironment(extra: Record<string, string> = {}): Record<string, string> {
  return {
    PATH: process.env['PATH'] ?? '',
    HOME: process.env['HOME'] ?? '',
    KAFKA_BROKERS: inject('kafkaBrokers'),
    REDIS_URL: inject('redisUrl'),
    LOG_FORMAT: 'json',
    ...extra,
  };
}
