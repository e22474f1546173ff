import { logLevel } from 'kafkajs';
import { describe, expect, it } from 'vitest';
import { kafkaLogLevel } from '../src/log-bridge.js';

describe('the levels of kafkajs log lines', () => {
  it('a retriable broker answer the client retries by itself is debug, not an error', () => {
    const election =
      'There is no leader for this topic-partition as we are in the middle of a leadership election';
    expect(kafkaLogLevel(logLevel.ERROR, 'Response Metadata(key: 3, version: 6)', { error: election })).toBe(
      'debug',
    );
    expect(
      kafkaLogLevel(logLevel.ERROR, 'Response GroupCoordinator(key: 10, version: 2)', {
        error: 'The group coordinator is not available',
      }),
    ).toBe('debug');
  });

  it('an attempt about to be retried is a warning; the group re-forming is routine', () => {
    expect(
      kafkaLogLevel(logLevel.ERROR, 'Failed to connect to seed broker', { retryCount: 0, retryTime: 300 }),
    ).toBe('warn');
    expect(
      kafkaLogLevel(logLevel.ERROR, 'The coordinator is not aware of this member, re-joining the group', {}),
    ).toBe('info');
  });

  it('a consumer crash on a retriable answer, which kafkajs restarts from, is a warning', () => {
    const loading =
      "Crash: KafkaJSProtocolError: The coordinator is loading and hence can't process requests for this group";
    expect(kafkaLogLevel(logLevel.ERROR, loading, { groupId: 'g' })).toBe('warn');
    expect(kafkaLogLevel(logLevel.ERROR, 'Restarting the consumer in 200ms', { retryTime: 200 })).toBe(
      'warn',
    );
    expect(
      kafkaLogLevel(logLevel.ERROR, 'Crash: KafkaJSProtocolError: Not authorized to access group', {}),
    ).toBe('error');
  });

  it('what the client gives up on stays an error', () => {
    expect(kafkaLogLevel(logLevel.ERROR, 'Crash: KafkaJSNumberOfRetriesExceeded: x', {})).toBe('error');
    expect(
      kafkaLogLevel(logLevel.ERROR, 'Response Produce(key: 0, version: 7)', {
        error: 'The request included a message larger than the max message size the server will accept',
      }),
    ).toBe('error');
    expect(kafkaLogLevel(logLevel.WARN, 'x', {})).toBe('warn');
    expect(kafkaLogLevel(logLevel.INFO, 'Consumer has joined the group', {})).toBe('debug');
  });
});
