import { createServer, type Server } from 'node:http';

export interface Received {
  path: string;
  at: number;
  /** When the sender built the request (the body's `sentAt`): a moment after it took its rate-limit slot. */
  sentAt: number;
  kind: string;
  step?: number;
  breachIds: string[];
  reason?: string;
  by?: string;
  acknowledgeUrl?: string;
  /** For a message about an incident: which, what kind, and its summary. */
  incidentId?: string;
  message?: string;
  incident?: {
    counts: { open: number; members: number; new: number; resolved: number };
    examples: string[];
    labels: Record<string, string>;
    bySegment: Record<string, number>;
  };
  url?: string;
  title?: string;
}

/**
 * A local on-call tool: records every webhook POST. `hold(path)` makes it
 * keep requests to that path unanswered until `release()`, so a test can
 * kill a worker while its delivery is in flight.
 */
export class Receiver {
  readonly received: Received[] = [];
  /** Requests to paths under /failing, which always answer HTTP 500. */
  readonly failures: Received[] = [];
  /** Chat-robot requests (paths under /wecom) as sent, answered as WeCom answers a message it took. */
  readonly robotMessages: Array<{ path: string; at: number; body: string }> = [];
  private server: Server | undefined;
  private held: string | undefined;
  private readonly waiting: Array<() => void> = [];
  port = 0;

  async start(): Promise<string> {
    this.server = createServer((request, response) => {
      const chunks: Buffer[] = [];
      request.on('data', (c: Buffer) => chunks.push(c));
      request.on('end', () => {
        const raw = Buffer.concat(chunks).toString('utf8');
        if (request.url?.startsWith('/wecom')) {
          this.robotMessages.push({ path: request.url, at: Date.now(), body: raw });
          response.writeHead(200).end('{"errcode":0,"errmsg":"ok"}');
          return;
        }
        const body = JSON.parse(raw) as {
          notification: {
            kind: string;
            step?: number;
            breach?: { breachId: string };
            breaches?: Array<{ breachId: string }>;
            reason?: string;
            by?: string;
            acknowledgeUrl?: string;
            message?: string;
            url?: string;
            incident?: Received['incident'] & { incidentId: string };
          };
          message: { title: string };
          sentAt: string;
        };
        const n = body.notification;
        const path = request.url ?? '';
        const record: Received = {
          path,
          at: Date.now(),
          sentAt: Date.parse(body.sentAt),
          kind: n.kind,
          breachIds: n.breach ? [n.breach.breachId] : (n.breaches ?? []).map((b) => b.breachId),
          ...(n.step !== undefined ? { step: n.step } : {}),
          ...(n.reason ? { reason: n.reason } : {}),
          ...(n.by ? { by: n.by } : {}),
          ...(n.acknowledgeUrl ? { acknowledgeUrl: n.acknowledgeUrl } : {}),
          ...(n.incident
            ? {
                incidentId: n.incident.incidentId,
                message: n.message!,
                incident: n.incident,
                url: n.url!,
                title: body.message.title,
              }
            : {}),
        };
        const answer = () => {
          this.received.push(record);
          response.writeHead(200).end('{}');
        };
        if (path.startsWith('/failing')) {
          this.failures.push(record);
          response.writeHead(500).end('down for maintenance');
          return;
        }
        if (this.held !== undefined && path.startsWith(this.held)) {
          this.waiting.push(() => response.writeHead(200).end('{}'));
          this.onHeld?.(record);
        } else answer();
      });
    });
    await new Promise<void>((resolve) => this.server!.listen(0, '127.0.0.1', resolve));
    const address = this.server.address();
    this.port = typeof address === 'object' && address ? address.port : 0;
    return `http://127.0.0.1:${this.port}`;
  }

  onHeld: ((record: Received) => void) | undefined;

  hold(path: string): void {
    this.held = path;
  }

  release(): void {
    this.held = undefined;
    for (const answer of this.waiting.splice(0)) answer();
  }

  to(path: string, breachId?: string): Received[] {
    return this.received.filter(
      (r) => r.path === path && (breachId === undefined || r.breachIds.includes(breachId)),
    );
  }

  /** Messages about one incident to one path, in arrival order. */
  aboutIncident(path: string, incidentId: string): Received[] {
    return this.received.filter((r) => r.path === path && r.incidentId === incidentId);
  }

  async stop(): Promise<void> {
    this.release();
    this.server?.closeAllConnections();
    await new Promise<void>((resolve) => this.server?.close(() => resolve()));
  }
}

export async function eventually<T>(
  check: () => T | Promise<T>,
  timeoutMs = 20_000,
  what = 'condition',
): Promise<T> {
  const deadline = Date.now() + timeoutMs;
  let lastError: unknown;
  for (;;) {
    try {
      return await check();
    } catch (error) {
      lastError = error;
    }
    if (Date.now() > deadline)
      throw new Error(`${what} not reached in ${timeoutMs} ms: ${String(lastError)}`);
    await new Promise((r) => setTimeout(r, 100));
  }
}
