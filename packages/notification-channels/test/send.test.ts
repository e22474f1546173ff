import { describe, expect, it } from 'vitest';
import { deliver, type OutgoingRequest, parseTarget, send, TargetConfigError } from '../src/index.js';
import { breachNotification, NOW_MS } from './fixtures.js';
import { startLocalServer, unusedPort } from './local-server.js';

function request(url: string): OutgoingRequest {
  return { url, method: 'POST', headers: { 'Content-Type': 'application/json' }, body: '{"x":1}' };
}

describe('send', () => {
  it('reports a 500 with the reply excerpt, and does not throw', async () => {
    const server = await startLocalServer(() => ({ status: 500, body: 'database unavailable' }));
    try {
      const result = await send(request(`${server.origin}/hook?token=secret-token`), { timeoutMs: 2000 });
      expect(result).toEqual({
        ok: false,
        status: 500,
        error: `${server.origin}: HTTP 500: database unavailable`,
      });
      expect(server.received).toHaveLength(1);
    } finally {
      await server.close();
    }
  });

  it('reports a refused connection', async () => {
    const port = await unusedPort();
    const result = await send(request(`http://127.0.0.1:${port}/hook`), { timeoutMs: 2000 });
    expect(result).toEqual({
      ok: false,
      status: 0,
      error: `could not deliver to http://127.0.0.1:${port}: ECONNREFUSED`,
    });
  });

  it('gives up after the timeout when the receiver never answers', async () => {
    const server = await startLocalServer(() => undefined);
    try {
      const started = Date.now();
      const result = await send(request(`${server.origin}/slow`), { timeoutMs: 300 });
      expect(Date.now() - started).toBeLessThan(2000);
      expect(result).toEqual({
        ok: false,
        status: 0,
        error: `no complete answer from ${server.origin} within 300 ms`,
      });
    } finally {
      await server.close();
    }
  });

  it('does not follow a redirect (a POST would turn into a GET)', async () => {
    const server = await startLocalServer((received) =>
      received.target === '/old'
        ? { status: 301, body: '', headers: { location: '/new' } }
        : { status: 200, body: 'ok' },
    );
    try {
      const result = await send(request(`${server.origin}/old`), { timeoutMs: 2000 });
      expect(result).toEqual({
        ok: false,
        status: 301,
        error: `${server.origin} redirected (HTTP 301); check the target url`,
      });
      expect(server.received.map((received) => received.target)).toEqual(['/old']);
    } finally {
      await server.close();
    }
  });

  it('reports an invalid url instead of throwing', async () => {
    const result = await send(request('not a url'), { timeoutMs: 500 });
    expect(result.ok).toBe(false);
    expect(result.status).toBe(0);
    expect(result.error).toMatch(/^could not deliver to an invalid url: /);
  });
});

describe('deliver', () => {
  it("builds with the target's channel and judges the reply by that channel's rules", async () => {
    const server = await startLocalServer(() => ({
      status: 200,
      body: '{"errcode":45009,"errmsg":"api freq out of limit"}',
    }));
    try {
      const target = parseTarget(
        { type: 'wecom', url: `${server.origin}/send?key=k1` },
        'targets.yaml targets[0]',
      );
      const result = await deliver(breachNotification(), target, { nowMs: NOW_MS, timeoutMs: 2000 });
      expect(result).toEqual({
        ok: false,
        status: 200,
        error: `${server.origin}: refused: errcode 45009 api freq out of limit`,
      });
      expect(JSON.parse(server.received[0]!.body.toString('utf8')).msgtype).toBe('markdown');
    } finally {
      await server.close();
    }
  });
});

describe('parseTarget', () => {
  it('names where the target came from and each problem', () => {
    expect(() =>
      parseTarget({ type: 'dingtalk', url: 'ftp://x', secret: 3 }, 'escalation.yaml on_call[2]'),
    ).toThrowError(TargetConfigError);
    try {
      parseTarget({ type: 'dingtalk', url: 'ftp://x', secret: 3 }, 'escalation.yaml on_call[2]');
    } catch (error) {
      const message = (error as Error).message;
      expect(message).toContain('escalation.yaml on_call[2] is not a valid notification target');
      expect(message).toContain('url: expected an http(s) URL, got "ftp://x"');
      expect(message).not.toContain('access_token');
      expect(message).toMatch(/secret: .*expected string, got number/);
    }
  });

  it('rejects an unknown channel type and misspelt fields', () => {
    expect(() => parseTarget({ type: 'pager', url: 'https://x' }, 't')).toThrowError(/type/);
    expect(() =>
      parseTarget({ type: 'slack', url: 'https://hooks.slack.com/services/x', secert: 'y' }, 't'),
    ).toThrowError(/unknown field secert/);
  });

  it('fills in defaults', () => {
    expect(
      parseTarget({ type: 'alertmanager', url: 'https://am/x', externalUrl: 'https://ops/' }, 't'),
    ).toEqual({
      type: 'alertmanager',
      url: 'https://am/x',
      externalUrl: 'https://ops/',
      receiver: 'slawatch',
      maxAlerts: 0,
    });
  });
});
