import type { Admin, BatchConsumer, KafkaClient } from '@slawatch/kafka';
import type { OffsetSample, ReadinessSample } from './comparison.js';
import type { SupervisedService } from './service-process.js';

/** A breach change as read back from the breaches topic (only what the comparison needs). */
export interface ObservedChange {
  breachId: string;
  status: string;
  waybill: string;
}

/** Reads every breach change of a run from its breaches topic, in each partition's order. */
export async function readBreachChanges(client: KafkaClient, groupId: string, topic: string) {
  const changes: ObservedChange[] = [];
  let lastAtMs = Date.now();
  const reader: BatchConsumer = client.consumer({
    groupId,
    topics: [topic],
    fromBeginning: true,
    maxRejoinMs: 3_600_000,
  });
  void reader.start(async (batch) => {
    for (const record of batch.records) {
      const change = JSON.parse(String(record.value)) as ObservedChange;
      changes.push({ breachId: change.breachId, status: change.status, waybill: change.waybill });
      lastAtMs = Date.now();
    }
  });
  return { changes, lastChangeAtMs: () => lastAtMs, stop: () => reader.stop() };
}

export interface WatchedGroup {
  groupId: string;
  topics: string[];
}

/**
 * Once a second: every group's committed and end offsets (from the broker,
 * the truth about progress), and every service's /readyz (what it claims).
 */
export class ProgressWatch {
  readonly offsets = new Map<string, OffsetSample[]>();
  readonly readiness: ReadinessSample[] = [];
  private timer: NodeJS.Timeout | undefined;
  private sampling = false;
  private admin: Admin | undefined;

  constructor(
    private readonly newAdmin: () => Admin,
    private readonly groups: WatchedGroup[],
    private readonly services: () => Array<{ service: SupervisedService; group: string }>,
  ) {
    for (const group of groups) this.offsets.set(group.groupId, []);
  }

  start(intervalMs = 1000): void {
    this.timer = setInterval(() => void this.sample(), intervalMs);
  }

  stop(): void {
    clearInterval(this.timer);
    void this.admin?.disconnect().catch(() => undefined);
    this.admin = undefined;
  }

  /**
   * The groups' offsets, from a connected admin client; one that failed is
   * replaced by a fresh one, so that a restarted broker is seen as soon as
   * it answers, not when the old client's retries give up.
   */
  private async lagOf(group: WatchedGroup) {
    if (!this.admin) {
      const admin = this.newAdmin();
      await withTimeout(admin.connect(), 2000);
      this.admin = admin;
    }
    try {
      return await withTimeout(this.admin.lag(group.groupId, group.topics), 2000);
    } catch (error) {
      void this.admin.disconnect().catch(() => undefined);
      this.admin = undefined;
      throw error;
    }
  }

  /** Whether every group has committed everything that was published. */
  async caughtUp(): Promise<boolean> {
    try {
      for (const group of this.groups) {
        const lag = await this.lagOf(group);
        if (lag.length === 0 || lag.some((partition) => partition.lag > 0)) return false;
      }
      return true;
    } catch {
      return false;
    }
  }

  private async sample(): Promise<void> {
    if (this.sampling) return;
    this.sampling = true;
    try {
      await Promise.all([this.sampleOffsets(), this.sampleReadiness()]);
    } finally {
      this.sampling = false;
    }
  }

  private async sampleOffsets(): Promise<void> {
    for (const group of this.groups) {
      const atMs = Date.now();
      let partitions: OffsetSample['partitions'];
      try {
        const lag = await this.lagOf(group);
        partitions = new Map(
          lag.map((p) => [
            `${p.topic}/${p.partition}`,
            { committed: p.committed === '-1' ? 0 : Number(p.committed), end: Number(p.end) },
          ]),
        );
      } catch {
        partitions = undefined;
      }
      this.offsets.get(group.groupId)!.push({ atMs, partitions });
    }
  }

  private async sampleReadiness(): Promise<void> {
    await Promise.all(
      this.services().map(async ({ service, group }) => {
        if (!service.isRunning()) return;
        const atMs = Date.now();
        const assignment = service.currentAssignment();
        const ready = await fetch(`${service.url}/readyz`, { signal: AbortSignal.timeout(1500) }).then(
          (response) => response.ok,
          () => false,
        );
        this.readiness.push({
          atMs,
          service: service.name,
          group,
          ready,
          assignment: assignment
            ? Object.entries(assignment.partitions).flatMap(([topic, partitions]) =>
                partitions.map((p) => `${topic}/${p}`),
              )
            : undefined,
          assignedAtMs: assignment?.sinceMs,
        });
      }),
    );
  }
}

function withTimeout<T>(promise: Promise<T>, ms: number): Promise<T> {
  return Promise.race([
    promise,
    new Promise<T>((_, reject) => setTimeout(() => reject(new Error(`no answer within ${ms} ms`)), ms)),
  ]);
}
