import { createServer, type IncomingHttpHeaders, type Server } from 'node:http';

/**
 * Headers a receiver could deduplicate a notification by, in the order they
 * are looked for. The webhook channel sends none of them today (see the
 * fault suite in docs/operations.md); the receiver counts repeats either way.
 */
export const IDEMPOTENCY_HEADERS = ['idempotency-key', 'x-slawatch-idempotency-key'] as const;

export interface Delivery {
  /** What was notified, whatever the time base of the run: `breach|<breachId>|1`, `resolved|<breachId>|retracted`. */
  identity: string;
  /** The value of the first idempotency header present, if any, and that header's name. */
  idempotencyKey: string | undefined;
  idempotencyHeader: string | undefined;
  atMs: number;
}

interface WebhookBody {
  notification: {
    kind: string;
    step?: number;
    reason?: string;
    breach?: { breachId: string };
    breaches?: Array<{ breachId: string }>;
  };
}

/** One identity per breach a notification names: a digest notifies each of its breaches. */
export function identitiesOf(body: WebhookBody, normalize: (breachId: string) => string): string[] {
  const n = body.notification;
  if (n.kind === 'breach' && n.breach) return [`breach|${normalize(n.breach.breachId)}|${n.step ?? 1}`];
  if (n.kind === 'resolved' && n.breach)
    return [`resolved|${normalize(n.breach.breachId)}|${n.reason ?? ''}`];
  return (n.breaches ?? []).map((breach) => `${n.kind}|${normalize(breach.breachId)}`);
}

function idempotencyKeyOf(headers: IncomingHttpHeaders): { key?: string; header?: string } {
  for (const header of IDEMPOTENCY_HEADERS) {
    const key = headers[header];
    if (typeof key === 'string' && key !== '') return { key, header };
  }
  return {};
}

/**
 * The local on-call tool of the fault suite: answers every webhook after
 * `answerDelayMs` (so a kill lands while deliveries are in flight) and keeps
 * every notification it received.
 */
export class NotificationReceiver {
  readonly deliveries: Delivery[] = [];
  private server: Server | undefined;
  private inFlightCount = 0;
  normalize: (breachId: string) => string = (breachId) => breachId;

  constructor(private readonly answerDelayMs: number) {}

  async start(): Promise<string> {
    this.server = createServer((request, response) => {
      const chunks: Buffer[] = [];
      this.inFlightCount++;
      let answered = false;
      const done = () => {
        if (!answered) this.inFlightCount--;
        answered = true;
      };
      // A sender killed while waiting for the answer: the notification was received all the same.
      response.on('close', done);
      request.on('data', (chunk: Buffer) => chunks.push(chunk));
      request.on('end', () => {
        let body: WebhookBody;
        try {
          body = JSON.parse(Buffer.concat(chunks).toString('utf8')) as WebhookBody;
        } catch {
          response.writeHead(400).end('not a slawatch webhook body');
          return;
        }
        const { key, header } = idempotencyKeyOf(request.headers);
        for (const identity of identitiesOf(body, this.normalize))
          this.deliveries.push({
            identity,
            idempotencyKey: key,
            idempotencyHeader: header,
            atMs: Date.now(),
          });
        setTimeout(() => response.writeHead(200).end('{}'), this.answerDelayMs);
      });
    });
    await new Promise<void>((resolve) => this.server!.listen(0, '127.0.0.1', resolve));
    const address = this.server.address();
    return `http://127.0.0.1:${typeof address === 'object' && address ? address.port : 0}`;
  }

  /** Requests received and not yet answered. */
  inFlight(): number {
    return this.inFlightCount;
  }

  /** Forgets the deliveries of the last run. */
  reset(normalize: (breachId: string) => string): void {
    this.deliveries.length = 0;
    this.normalize = normalize;
  }

  async stop(): Promise<void> {
    this.server?.closeAllConnections();
    await new Promise((resolve) => this.server?.close(resolve));
  }
}
