import { Writable } from 'node:stream';
import { describe, expect, it } from 'vitest';
import { createLogger } from '../src/index.js';

function capture() {
  const lines: string[] = [];
  const destination = new Writable({
    write(chunk, _encoding, done) {
      lines.push(String(chunk));
      done();
    },
  });
  return { lines, destination };
}

describe('createLogger', () => {
  it('redacts personal data at every depth an event is logged at', () => {
    const { lines, destination } = capture();
    const logger = createLogger({ name: 't', format: 'json', destination });
    const data = {
      recipient: { name: '张三', phone: '13800138000' },
      destination: { province: 'Zhejiang', city: 'Hangzhou', address: '文三路 1 号' },
      pieces: 2,
    };
    logger.info({ event: { id: 'e1', data } }, 'nested');
    logger.info({ data }, 'shallow');
    logger.info(data, 'top');
    const text = lines.join('');
    expect(text).not.toContain('张三');
    expect(text).not.toContain('13800138000');
    expect(text).not.toContain('文三路');
    expect(text).toContain('Hangzhou');
    const first = JSON.parse(lines[0] ?? '{}');
    expect(first.event.data.recipient).toEqual({ name: '[personal data]', phone: '[personal data]' });
    expect(first.level).toBe('info');
    expect(first.name).toBe('t');
  });

  it('honours the level', () => {
    const { lines, destination } = capture();
    const logger = createLogger({ name: 't', level: 'warn', format: 'json', destination });
    logger.info('hidden');
    logger.warn('shown');
    expect(lines).toHaveLength(1);
    expect(lines[0]).toContain('shown');
  });
});
