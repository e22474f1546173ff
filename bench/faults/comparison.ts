/*
 * The fault suite's judgement, pure: a faulted run against a clean run of
 * the same input, by breach id and status (ids are stable: a silence
 * breach's occurrence is made relative to the run's start, see
 * `relativeBreachId`), and the broker's offsets against what /readyz said.
 * Nothing here depends on how fast either run went.
 */
import type { Delivery } from './receiver.js';

export interface Change {
  breachId: string;
  status: string;
  waybill: string;
}

/**
 * A breach id with a silence breach's occurrence (the event time a gap
 * began, epoch ms) made relative to the run's start: the same input
 * published an hour later names the same breaches.
 */
export function relativeBreachId(breachId: string, runStartMs: number): string {
  const parts = breachId.split(':');
  const occurrence = Number(parts.at(-1));
  if (parts.length < 4 || !(occurrence > 1e12)) return breachId;
  return [...parts.slice(0, -1), `+${occurrence - runStartMs}`].join(':');
}

/** Statuses of each breach in publishing order, a repeat of the last one dropped (a redelivery changes nothing). */
export function historyOf(
  changes: ReadonlyArray<Change>,
  judged: ReadonlySet<string>,
): Map<string, string[]> {
  const history = new Map<string, string[]>();
  for (const change of changes) {
    if (!judged.has(change.waybill)) continue;
    const statuses = history.get(change.breachId) ?? [];
    if (statuses.at(-1) !== change.status) statuses.push(change.status);
    history.set(change.breachId, statuses);
  }
  return history;
}

export interface BreachComparison {
  /** Breaches whose final status in the clean run is not the final status here (missing, or another; retracted counts as none). */
  breachesLost: number;
  /** Breaches opened more often than in the clean run (open again after a retraction or resolution). */
  breachesOpenedTwice: number;
  /**
   * Breaches opened here that the clean run never opened (retracted later or
   * not), apart from those the simulator's truth says open and must end
   * retracted (evidence published after its deadline: whether a run sees the
   * open depends on a sub-second race, fault or none).
   */
  falseOpens: number;
  /** Changes published again with the same breach id and status (escalation recognises them). */
  changesRepublished: number;
  examples: { lost: string[]; openedTwice: string[]; falseOpens: string[] };
}

/**
 * What a breach finally is: its last status, with a retracted breach the
 * same as none (a run that processed the late evidence before the deadline
 * fired never opened it, and is just as right).
 */
const finalBreach = (statuses: string[] | undefined) => {
  const last = statuses?.at(-1);
  return last === 'retracted' ? undefined : last;
};

const opens = (statuses: string[] | undefined) => (statuses ?? []).filter((s) => s === 'open').length;

export function compareBreaches(
  clean: ReadonlyArray<Change>,
  faulted: ReadonlyArray<Change>,
  judged: ReadonlySet<string>,
  lateUpstream: ReadonlySet<string> = new Set(),
): BreachComparison {
  const cleanHistory = historyOf(clean, judged);
  const faultHistory = historyOf(faulted, judged);
  const lost = [...cleanHistory].filter(
    ([id, statuses]) => finalBreach(faultHistory.get(id)) !== finalBreach(statuses),
  );
  const openedTwice = [...faultHistory].filter(
    ([id, statuses]) => cleanHistory.has(id) && opens(statuses) > Math.max(1, opens(cleanHistory.get(id))),
  );
  const falseOpens = [...faultHistory].filter(
    ([id, statuses]) => opens(statuses) > 0 && opens(cleanHistory.get(id)) === 0 && !lateUpstream.has(id),
  );
  const judgedChanges = faulted.filter((change) => judged.has(change.waybill)).length;
  const distinct = [...faultHistory.values()].reduce((sum, statuses) => sum + statuses.length, 0);
  return {
    breachesLost: lost.length,
    breachesOpenedTwice: openedTwice.length,
    falseOpens: falseOpens.length,
    changesRepublished: judgedChanges - distinct,
    examples: {
      lost: lost
        .slice(0, 5)
        .map(([id, statuses]) => `${id} ${statuses.at(-1)}→${faultHistory.get(id)?.join('→') || 'none'}`),
      openedTwice: openedTwice.slice(0, 5).map(([id, statuses]) => `${id} ${statuses.join('→')}`),
      falseOpens: falseOpens.slice(0, 5).map(([id, statuses]) => `${id} ${statuses.join('→')}`),
    },
  };
}

/** Final (breach id, status) pairs against the simulator's truth, retracted ones as none: what the harness and the product get right. */
export function compareWithTruth(
  changes: ReadonlyArray<Change>,
  truth: ReadonlyArray<{ breachId: string; status: string }>,
  judged: ReadonlySet<string>,
): { truthBreaches: number; missed: number; spurious: number } {
  const final = new Set(
    [...historyOf(changes, judged)]
      .filter(([, statuses]) => finalBreach(statuses) !== undefined)
      .map(([id, statuses]) => `${id}|${statuses.at(-1)}`),
  );
  const expected = new Set(
    truth
      .filter((breach) => breach.status !== 'retracted')
      .map((breach) => `${breach.breachId}|${breach.status}`),
  );
  return {
    truthBreaches: expected.size,
    missed: [...expected].filter((pair) => !final.has(pair)).length,
    spurious: [...final].filter((pair) => !expected.has(pair)).length,
  };
}

export interface NotificationComparison {
  /**
   * Notifications the clean run's receiver got that this one never got,
   * where someone still needs them: the page of a breach this run left
   * open, the resolved notice of a breach this run paged.
   */
  notificationsLost: number;
  /**
   * Breaches the clean run paged and this run never paged because they had
   * ended (resolved or retracted) before their page went out: escalation
   * skips a page for a breach that is over, by design.
   */
  endedBeforePaged: number;
  /** A notification received again without the idempotency key of its first delivery: a person is paged twice. */
  notificationsSentTwice: number;
  /** Received again with the same idempotency key as before: a receiver can drop it. */
  redeliveredWithKey: number;
  /** Notifications the clean run did not send (of false opens, mostly). */
  extraNotifications: number;
  examples: { notificationsLost: string[]; sentTwice: string[]; extraNotifications: string[] };
}

/**
 * `settled`: breach ids whose notifications do not hang on timing (the
 * clean run left them open or resolved; a breach retracted while in
 * flight may or may not have been paged before its retraction arrived).
 * `faultedFinal`: each breach's last status in the faulted run.
 */
export function compareNotifications(
  clean: ReadonlyArray<Delivery>,
  faulted: ReadonlyArray<Delivery>,
  breaches: { settled: ReadonlySet<string>; faultedFinal: ReadonlyMap<string, string | undefined> },
): NotificationComparison {
  const partsOf = (identity: string) => {
    const [kind = '', breachId = ''] = identity.split('|');
    return { kind, breachId };
  };
  const cleanIdentities = new Set(clean.map((d) => d.identity));
  const received = new Map<string, Delivery[]>();
  const paged = new Set<string>();
  for (const delivery of faulted) {
    received.set(delivery.identity, [...(received.get(delivery.identity) ?? []), delivery]);
    const { kind, breachId } = partsOf(delivery.identity);
    if (kind === 'breach') paged.add(breachId);
  }
  let sentTwice = 0;
  let redeliveredWithKey = 0;
  const sentTwiceExamples: string[] = [];
  for (const deliveries of received.values()) {
    const keys = new Set<string>();
    for (const [index, delivery] of deliveries.entries()) {
      if (index > 0) {
        if (delivery.idempotencyKey !== undefined && keys.has(delivery.idempotencyKey)) redeliveredWithKey++;
        else {
          sentTwice++;
          if (sentTwiceExamples.length < 5) sentTwiceExamples.push(delivery.identity);
        }
      }
      if (delivery.idempotencyKey !== undefined) keys.add(delivery.idempotencyKey);
    }
  }
  const lost: string[] = [];
  let endedBeforePaged = 0;
  for (const identity of cleanIdentities) {
    const { kind, breachId } = partsOf(identity);
    if (!breaches.settled.has(breachId) || received.has(identity)) continue;
    if (kind === 'breach' && !paged.has(breachId) && breaches.faultedFinal.get(breachId) !== 'open')
      endedBeforePaged++;
    else if (kind === 'resolved' && !paged.has(breachId)) continue;
    else lost.push(identity);
  }
  const extra = [...received.keys()].filter((identity) => !cleanIdentities.has(identity));
  return {
    notificationsLost: lost.length,
    endedBeforePaged,
    notificationsSentTwice: sentTwice,
    redeliveredWithKey,
    extraNotifications: extra.length,
    // Which kinds they are (a page, a later escalation step, a digest or incident) says whether they matter.
    examples: {
      notificationsLost: lost.slice(0, 5),
      sentTwice: sentTwiceExamples,
      extraNotifications: extra.slice(0, 5),
    },
  };
}

/** One consumer group's offsets at one moment; `partitions` undefined when the broker did not answer. */
export interface OffsetSample {
  atMs: number;
  partitions: Map<string, { committed: number; end: number }> | undefined;
}

export interface ReadinessSample {
  atMs: number;
  service: string;
  group: string;
  ready: boolean;
  /** `topic/partition` it owned by its last log; undefined until it joined since its last start. */
  assignment: string[] | undefined;
  /** When it logged that assignment: a partition just taken over gets the full grace from then. */
  assignedAtMs: number | undefined;
}

/**
 * Whether `partition` made no progress for `windowMs` though it had work at
 * the window's start: nothing committed from then until `aheadMs` after
 * `atMs` (a commit is seen by the next samples, not at once) while records
 * older than the window waited. A broker that answered nothing for the
 * whole window stalled everything.
 */
export function stalled(
  samples: ReadonlyArray<OffsetSample>,
  partition: string,
  atMs: number,
  windowMs: number,
  aheadMs = 0,
): boolean {
  const answered = samples.filter((sample) => sample.partitions !== undefined);
  const before = answered.findLast((sample) => sample.atMs <= atMs - windowMs);
  const after = answered.findLast((sample) => sample.atMs <= atMs + aheadMs);
  if (!before || !after) return false;
  if (after === before) return true;
  const then = before.partitions?.get(partition);
  const later = after.partitions?.get(partition);
  if (!then || !later) return false;
  return later.committed === then.committed && then.end > then.committed;
}

/** A batch's commit shows in the broker's offsets within two samples. */
const COMMIT_VISIBLE_WITHIN_MS = 2000;

/**
 * Seconds a service said ready while it was not consuming: a partition it
 * owned (any of its group's, before it joined) stalled for longer than
 * `graceMs` (its own stall limit and the sampling's slack) and went on
 * committing nothing for two more seconds. One sample
 * stands for `sampleMs`; `wrongAt` names the wrong samples, in seconds
 * from `originMs`.
 */
export function readinessWrongSeconds(
  readiness: ReadonlyArray<ReadinessSample>,
  offsets: ReadonlyMap<string, ReadonlyArray<OffsetSample>>,
  options: { graceMs: number; sampleMs: number; originMs?: number },
): { seconds: number; byService: Record<string, number>; wrongAt: string[] } {
  const byService: Record<string, number> = {};
  const wrongAt: string[] = [];
  for (const sample of readiness) {
    if (!sample.ready) continue;
    const samples = offsets.get(sample.group) ?? [];
    // Offsets are sampled in the same tick; allow them half a tick.
    const atMs = sample.atMs + 500;
    const known = samples.findLast((offsets) => offsets.atMs <= atMs && offsets.partitions);
    const partitions = sample.assignment ?? [...(known?.partitions?.keys() ?? [])];
    const justAssigned =
      sample.assignedAtMs !== undefined && sample.atMs - sample.assignedAtMs < options.graceMs;
    const consuming =
      justAssigned ||
      !partitions.some((partition) =>
        stalled(samples, partition, atMs, options.graceMs, COMMIT_VISIBLE_WITHIN_MS),
      );
    if (consuming) continue;
    byService[sample.service] = (byService[sample.service] ?? 0) + options.sampleMs / 1000;
    wrongAt.push(`${sample.service} ${((sample.atMs - (options.originMs ?? 0)) / 1000).toFixed(1)} s`);
  }
  const seconds = Object.values(byService).reduce((sum, value) => sum + value, 0);
  return { seconds, byService, wrongAt };
}

/**
 * For each moment a fault ended (a process killed, a server back): seconds
 * until every partition that had a backlog then committed something
 * (`resumed`), and until it committed all of that backlog (`caughtUp`).
 * The worst over the faults and groups; null when it never happened.
 */
export function recoverySeconds(
  offsets: ReadonlyMap<string, ReadonlyArray<OffsetSample>>,
  faultEndsMs: ReadonlyArray<number>,
): { resumedSeconds: number | null; caughtUpSeconds: number | null } {
  let resumed: number | null = 0;
  let caughtUp: number | null = 0;
  const worst = (current: number | null, next: number | null) =>
    current === null || next === null ? null : Math.max(current, next);
  for (const endMs of faultEndsMs) {
    for (const samples of offsets.values()) {
      const start = samples.find((sample) => sample.atMs >= endMs && sample.partitions);
      if (!start?.partitions) {
        resumed = null;
        caughtUp = null;
        continue;
      }
      const backlog = [...start.partitions].filter(([, p]) => p.end > p.committed);
      const first = (test: (now: Map<string, { committed: number; end: number }>) => boolean) => {
        const sample = samples.find((s) => s.atMs >= start.atMs && s.partitions && test(s.partitions));
        return sample ? Math.round((sample.atMs - endMs) / 100) / 10 : null;
      };
      resumed = worst(
        resumed,
        first((now) => backlog.every(([key, p]) => (now.get(key)?.committed ?? 0) > p.committed)),
      );
      caughtUp = worst(
        caughtUp,
        first((now) => backlog.every(([key, p]) => (now.get(key)?.committed ?? 0) >= p.end)),
      );
    }
  }
  return { resumedSeconds: resumed, caughtUpSeconds: caughtUp };
}
