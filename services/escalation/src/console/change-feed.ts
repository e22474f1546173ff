import type { Redis } from '@slawatch/redis';

type Listener = (version: number) => void;

/**
 * Tells the console's open pages that something changed, so they re-read
 * what they show. Two sources: an announcement on a Redis channel (after each
 * breach batch and each action, from any replica of the service) and, for
 * what the workers change on their own (incidents opening, breaches ending),
 * a cheap fingerprint of the index sizes and open counts read every
 * `pollMs`. A page never learns *what* changed; it re-reads its view, which
 * stays correct whatever was missed.
 */
export class ChangeFeed {
  private version = 0;
  private fingerprint = '';
  private readonly listeners = new Set<Listener>();
  private timer: NodeJS.Timeout | undefined;

  constructor(
    private readonly parts: {
      publisher: Redis;
      subscriber: Redis;
      channel: string;
      /** Returns a string that changes when the breach or incident lists change. */
      readFingerprint: () => Promise<string>;
      pollMs: number;
    },
  ) {}

  /** The number of changes seen so far: a snapshot read at one version is current until it moves. */
  get current(): number {
    return this.version;
  }

  async start(): Promise<void> {
    const { subscriber, channel } = this.parts;
    subscriber.on('message', (from: string) => {
      if (from === channel) this.bump();
    });
    await subscriber.subscribe(channel);
    this.fingerprint = await this.parts.readFingerprint().catch(() => '');
    this.timer = setInterval(() => void this.poll(), this.parts.pollMs);
    this.timer.unref();
  }

  async stop(): Promise<void> {
    if (this.timer) clearInterval(this.timer);
    this.listeners.clear();
    await this.parts.subscriber.unsubscribe(this.parts.channel).catch(() => undefined);
  }

  /** Says something changed; every replica's pages hear it. Never fails the caller. */
  announce(): void {
    this.parts.publisher.publish(this.parts.channel, '1').catch(() => this.bump());
  }

  subscribe(listener: Listener): () => void {
    this.listeners.add(listener);
    return () => this.listeners.delete(listener);
  }

  private async poll(): Promise<void> {
    const next = await this.parts.readFingerprint().catch(() => this.fingerprint);
    if (next !== this.fingerprint) {
      this.fingerprint = next;
      this.bump();
    }
  }

  private bump(): void {
    this.version++;
    for (const listener of this.listeners) listener(this.version);
  }
}
