import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { createLogger } from '@slawatch/logger';
import { loadStandards } from '@slawatch/standards';
import { root } from '../local-infra.js';
import {
  compareBreaches,
  compareNotifications,
  compareWithTruth,
  historyOf,
  readinessWrongSeconds,
  recoverySeconds,
} from './comparison.js';
import { type FaultInfra, startFaultInfra } from './infra.js';
import { NotificationReceiver } from './receiver.js';
import {
  type InputPlan,
  type RunRecord,
  type RunSpec,
  runOnce,
  STALL_SECONDS,
  STANDARDS_FILE,
} from './run.js';

/** How long the receiver keeps each webhook unanswered: a kill of the escalation lands mid-delivery. */
const ANSWER_DELAY_MS = 300;
/** The services' stall limit plus two samples of slack: later than this, /readyz should have noticed. */
const READINESS_GRACE_MS = STALL_SECONDS * 1000 + 2000;

export interface ScenarioFigures {
  breachesLost: number;
  breachesOpenedTwice: number;
  falseOpens: number;
  notificationsLost: number;
  endedBeforePaged: number;
  notificationsSentTwice: number;
  redeliveredWithKey: number;
  resumedSeconds: number | null;
  caughtUpSeconds: number | null;
  readyzWrongSeconds: number;
  processDiedUnexpectedly: boolean;
  /** Context, not verdicts: */
  changesRepublished: number;
  extraNotifications: number;
  missedVsTruth: number;
  spuriousVsTruth: number;
  examples?: Record<string, string[]>;
  unexpectedExits?: string[];
}

function escalationFile(folder: string, receiverUrl: string): string {
  const file = join(folder, 'escalation.yaml');
  // One page per breach to one desk, no waits or repeats: the notifications follow from the breaches alone.
  writeFileSync(
    file,
    `targets:
  desk: { type: webhook, url: ${receiverUrl}/desk, secret: fault-suite-secret-0123456789 }
policies:
  page: { kind: escalate, steps: [{ notify: [desk] }] }
defaultPolicy: page
delivery: { attempts: 5, retryBackoff: 500ms, timeout: 5s }
`,
  );
  return file;
}

/** A faulted run judged against the clean run of the same input. */
export function judge(clean: RunRecord, faulted: RunRecord): ScenarioFigures {
  const judged = clean.judged;
  // Breaches the simulator's truth opens and retracts by design (late-arriving evidence).
  const lateUpstream = new Set(
    faulted.truth.filter((breach) => breach.status === 'retracted').map((b) => b.breachId),
  );
  const breaches = compareBreaches(clean.changes, faulted.changes, judged, lateUpstream);
  const settled = new Set(
    [...historyOf(clean.changes, judged)]
      .filter(([, statuses]) => statuses.at(-1) !== 'retracted')
      .map(([id]) => id),
  );
  const faultedFinal = new Map(
    [...historyOf(faulted.changes, judged)].map(([id, statuses]) => [id, statuses.at(-1)]),
  );
  const notifications = compareNotifications(clean.deliveries, faulted.deliveries, { settled, faultedFinal });
  const recovery = recoverySeconds(faulted.offsets, faulted.faultEndsMs);
  const readiness = readinessWrongSeconds(faulted.readiness, faulted.offsets, {
    graceMs: READINESS_GRACE_MS,
    sampleMs: 1000,
    originMs: faulted.startMs,
  });
  const truth = compareWithTruth(faulted.changes, faulted.truth, faulted.judged);
  const examples = Object.fromEntries(
    Object.entries({
      ...breaches.examples,
      ...notifications.examples,
      readyzWrongAt: readiness.wrongAt.slice(0, 12),
    }).filter(([, list]) => list.length > 0),
  );
  return {
    breachesLost: breaches.breachesLost,
    breachesOpenedTwice: breaches.breachesOpenedTwice,
    falseOpens: breaches.falseOpens,
    notificationsLost: notifications.notificationsLost,
    endedBeforePaged: notifications.endedBeforePaged,
    notificationsSentTwice: notifications.notificationsSentTwice,
    redeliveredWithKey: notifications.redeliveredWithKey,
    resumedSeconds: faulted.faultEndsMs.length === 0 ? null : recovery.resumedSeconds,
    caughtUpSeconds: faulted.faultEndsMs.length === 0 ? null : recovery.caughtUpSeconds,
    readyzWrongSeconds: readiness.seconds,
    processDiedUnexpectedly: faulted.unexpectedExits.length > 0,
    changesRepublished: breaches.changesRepublished,
    extraNotifications: notifications.extraNotifications,
    missedVsTruth: truth.missed,
    spuriousVsTruth: truth.spurious,
    ...(Object.keys(examples).length > 0 ? { examples } : {}),
    ...(faulted.unexpectedExits.length > 0
      ? {
          unexpectedExits: faulted.unexpectedExits.map(
            (exit) => `${exit.service} code ${exit.code} signal ${exit.signal}`,
          ),
        }
      : {}),
  };
}

/** A scenario that did not run to the end: why. */
export interface FailedScenario {
  failed: string;
}

export interface SuiteOptions {
  input: InputPlan;
  scenarios: RunSpec[];
  /** Called with each scenario's figures as it is judged (progress on standard error). */
  onScenario?: (name: string, figures: ScenarioFigures | FailedScenario) => void;
}

export interface SuiteFigures {
  input: InputPlan & { records: number; judgedShipments: number; judgedBreaches: number };
  /** The header notifications could be deduplicated by; null when the webhook sends none. */
  idempotencyHeader: string | null;
  /** The clean run against the simulator's truth: the suite's own accuracy. */
  clean: {
    missedVsTruth: number;
    spuriousVsTruth: number;
    notifications: number;
    /** Repeats in the clean run itself (a breach opened again after a retraction is paged again). */
    notificationsSentTwice: number;
    readyzWrongSeconds: number;
  };
  scenarios: Record<string, ScenarioFigures | FailedScenario>;
}

/** The clean run, then each scenario on the same input; every run has its own topics, groups and keys. */
export async function runFaultSuite(options: SuiteOptions, given?: FaultInfra): Promise<SuiteFigures> {
  // The suite's own clients: their reconnect errors during an outage are the fault itself, not news.
  const logger = createLogger({
    name: 'faults',
    level: 'fatal',
    format: 'json',
    destination: process.stderr,
  });
  const folder = mkdtempSync(join(tmpdir(), 'slawatch-faults-config-'));
  const receiver = new NotificationReceiver(ANSWER_DELAY_MS);
  const url = await receiver.start();
  const infra = given ?? (await startFaultInfra());
  try {
    const context = {
      infra,
      receiver,
      escalationFile: escalationFile(folder, url),
      standards: loadStandards(join(root, STANDARDS_FILE)),
      input: options.input,
      logger,
    };
    const clean = await runOnce(context, { name: 'clean', shape: {}, monitors: 1 });
    const cleanTruth = compareWithTruth(clean.changes, clean.truth, clean.judged);
    const cleanReadiness = readinessWrongSeconds(clean.readiness, clean.offsets, {
      graceMs: READINESS_GRACE_MS,
      sampleMs: 1000,
    });
    console.error(`clean: ${JSON.stringify(cleanTruth)}, ${clean.deliveries.length} notifications`);
    const scenarios: Record<string, ScenarioFigures | FailedScenario> = {};
    for (const spec of options.scenarios) {
      // A scenario that could not run is reported as such; the others still run.
      const figures = await runOnce(context, spec).then(
        (run) => judge(clean, run),
        (error: unknown) => ({ failed: error instanceof Error ? error.message : String(error) }),
      );
      scenarios[spec.name] = figures;
      options.onScenario?.(spec.name, figures);
    }
    return {
      input: {
        ...options.input,
        records: clean.records,
        judgedShipments: clean.judged.size,
        judgedBreaches: historyOf(clean.changes, clean.judged).size,
      },
      idempotencyHeader: clean.deliveries.find((d) => d.idempotencyHeader)?.idempotencyHeader ?? null,
      clean: {
        missedVsTruth: cleanTruth.missed,
        spuriousVsTruth: cleanTruth.spurious,
        notifications: clean.deliveries.length,
        notificationsSentTwice: compareNotifications([], clean.deliveries, {
          settled: new Set(),
          faultedFinal: new Map(),
        }).notificationsSentTwice,
        readyzWrongSeconds: cleanReadiness.seconds,
      },
      scenarios,
    };
  } finally {
    await receiver.stop();
    if (!given) await infra.stop();
    rmSync(folder, { recursive: true, force: true });
  }
}
