import { once } from 'node:events';
import { createWriteStream, mkdirSync } from 'node:fs';
import { dirname } from 'node:path';
import type { ExpectedBreach } from '@slawatch/network-simulation';

/** Appends expected breaches to a JSON-lines file, one breach a line, as parcels start. */
export class TruthLog {
  private readonly stream;

  constructor(readonly path: string) {
    mkdirSync(dirname(path), { recursive: true });
    this.stream = createWriteStream(path, { flags: 'a' });
  }

  async write(entries: ReadonlyArray<ExpectedBreach>): Promise<void> {
    if (entries.length === 0) return;
    const text = entries.map((entry) => `${JSON.stringify(entry)}\n`).join('');
    // Waiting for drain keeps memory bounded if the disk is slower than the simulation.
    if (!this.stream.write(text)) await once(this.stream, 'drain');
  }

  close(): Promise<void> {
    return new Promise((resolve, reject) =>
      this.stream.end((error?: Error | null) => (error ? reject(error) : resolve())),
    );
  }
}
