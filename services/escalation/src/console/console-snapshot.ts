import type { BreachChange } from '@slawatch/contract';
import type { EscalationStore } from '@slawatch/escalation';
import type { ChangeFeed } from './change-feed.js';
import { breachRow, type ConsoleRow, incidentRow } from './console-view.js';

/** The time ranges the console offers, as chips. */
export const RANGES = {
  '15m': 900_000,
  '1h': 3_600_000,
  '6h': 21_600_000,
  '24h': 86_400_000,
  '7d': 604_800_000,
};
export type Range = keyof typeof RANGES;

export interface Snapshot {
  breaches: ConsoleRow[];
  /** The breaches' changes, for what a silence would match (it matches on more fields than a row has). */
  changes: Map<string, BreachChange>;
  incidents: ConsoleRow[];
  /** More rows than `maximumRows` were in range: the oldest were left out. */
  truncated: boolean;
  readAtMs: number;
}

const PAGE = 500;

/**
 * The rows in a time range, read once per change and shared by every page
 * that asks meanwhile (after a change, all open pages ask at once). Reads go
 * through the store's own listing methods, newest first, up to `maximumRows`.
 */
export class ConsoleSnapshots {
  private readonly cache = new Map<
    Range,
    { version: number; snapshot?: Snapshot; loading?: Promise<Snapshot> }
  >();

  constructor(
    private readonly parts: {
      store: EscalationStore;
      feed: ChangeFeed;
      now: () => number;
      maximumRows: number;
      /** A snapshot older than this is read again even without a change (the range's edge moves). */
      maximumAgeMs: number;
    },
  ) {}

  /**
   * The newest snapshot of the range. One read at a time per range: during a
   * storm, changes arrive faster than a read takes, and every page asking
   * would otherwise start its own read of thousands of records. A caller
   * arriving during a read waits for it and then for a fresh one if the feed
   * moved meanwhile, so no answer misses a change announced before it asked.
   */
  async read(range: Range): Promise<Snapshot> {
    const version = this.parts.feed.current;
    const entry = this.cache.get(range);
    if (entry?.loading) {
      const loaded = await entry.loading;
      return entry.version >= version ? loaded : this.read(range);
    }
    if (entry?.snapshot && entry.version === version) {
      if (this.parts.now() - entry.snapshot.readAtMs < this.parts.maximumAgeMs) return entry.snapshot;
    }
    const next: { version: number; snapshot?: Snapshot; loading?: Promise<Snapshot> } = { version };
    if (entry?.snapshot) next.snapshot = entry.snapshot;
    next.loading = this.load(range).finally(() => {
      delete next.loading;
    });
    this.cache.set(range, next);
    next.snapshot = await next.loading.catch((error: unknown) => {
      this.cache.delete(range);
      throw error;
    });
    return next.snapshot;
  }

  private async load(range: Range): Promise<Snapshot> {
    const { store, now, maximumRows } = this.parts;
    const readAtMs = now();
    const fromMs = readAtMs - RANGES[range];
    const breaches = new Map<string, ConsoleRow>();
    const changes = new Map<string, BreachChange>();
    let truncated = false;
    let cursor: string | undefined;
    for (;;) {
      const page = await store.breaches.list({ limit: PAGE, fromMs, ...(cursor ? { cursor } : {}) });
      // The index holds a breach once per change (opened, resolved): the hash is the same, keep one.
      for (const record of page.breaches) {
        breaches.set(record.breach.breachId, breachRow(record));
        changes.set(record.breach.breachId, record.breach);
      }
      if (!page.nextCursor) break;
      if (breaches.size >= maximumRows) {
        truncated = true;
        break;
      }
      cursor = page.nextCursor;
    }
    const incidents: ConsoleRow[] = [];
    const oldestMs = readAtMs - RANGES['7d'];
    let incidentCursor: string | undefined;
    reading: for (;;) {
      const page = await store.incidents.list({
        limit: PAGE,
        ...(incidentCursor ? { cursor: incidentCursor } : {}),
      });
      for (const incident of page.incidents) {
        const row = incidentRow(incident);
        if (row.atMs < oldestMs || incidents.length >= maximumRows) break reading;
        // Older ones still open stay on the list: on call, an open incident matters whenever it began.
        if (row.atMs >= fromMs || row.status !== 'resolved') incidents.push(row);
      }
      if (!page.nextCursor) break;
      incidentCursor = page.nextCursor;
    }
    return { breaches: [...breaches.values()], changes, incidents, truncated, readAtMs };
  }
}
