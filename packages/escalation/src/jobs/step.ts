import type { EscalatedBreach } from '../classes/breach-records.js';
import { facilityIncidentOf } from '../inhibition-actions.js';
import { deliveryJobId, stepJobId } from '../job-id.js';
import { escalates } from '../lifecycle.js';
import type { EscalatePolicy } from '../policy-file.js';
import { nextPosition, type StepPosition, targetsAt, waitAfter } from '../schedule.js';
import { type Silence, silenceNote, silencesCovering } from '../silence.js';
import { systemEntry, type TimelineEntry } from '../timeline.js';
import type { PageJob, StepJob } from './escalation-job.js';
import type { JobParts } from './job-parts.js';
import { pageNow } from './page.js';

/**
 * One step of an escalation: pages the step's targets, unless a silence
 * covers the breach, and schedules the next step. The first step runs this
 * way straight from the Kafka consumer, `inline`: it records the step and
 * then sends the pages itself instead of queueing them. A step that runs
 * again finds itself recorded and queues its jobs again (runAgain).
 */
export async function runStep(
  job: StepJob,
  parts: JobParts,
  options: {
    inline?: boolean;
    /** The record just read by the caller (the consumer, a moment ago): not read again. */
    record?: EscalatedBreach;
  } = {},
): Promise<void> {
  const { context } = parts;
  const { store, file } = context;
  const inline = options.inline === true;
  const record = options.record ?? (await store.breaches.get(job.breachId));
  if (!record || !escalates(record.state)) return;
  const policy = file.policies[record.policy];
  if (policy?.kind !== 'escalate') return;
  const position = { pass: job.pass, step: job.step };
  const marker = `step:${job.pass}.${job.step}`;
  const nowMs = context.now();
  const targets = targetsAt(policy, position);
  const covering = silencesCovering(await store.silences.recent(nowMs), record.breach, nowMs);
  const step = { breachId: job.breachId, record, policy, position, targets, nowMs, inline };
  if (record.markers.has(marker)) return runAgain(step, { marker, covering }, parts);
  // A later step of a breach paged alone before its facility crossed an inhibit threshold:
  // the facility incident pages the people who deal with it; this step holds back.
  const explained =
    inline || covering.length > 0 ? undefined : await facilityIncidentOf(context, record.breach);
  const lines =
    covering.length > 0
      ? await suppress(step, covering, parts)
      : explained
        ? holdBack(step, explained, parts)
        : await page(step, parts);
  // The next step is scheduled whatever happens to this step's deliveries:
  // a failing channel must not stop the escalation reaching the next person.
  if (!(await scheduleNext(step, parts))) lines.push(systemEntry(nowMs, 'escalation-exhausted', position));
  await store.breaches.markWithLines(job.breachId, { marker, lines, nowMs });
  if (inline && covering.length === 0) await sendPagesNow(step, parts);
}

/**
 * A step that ran before: the consumer read its batch again, or its job runs
 * again (put back after its worker stalled or lost its lock). Its lines and
 * marker are on record, written together, but the jobs it queued before them
 * may not be: after a Redis failover the promoted replica can hold the
 * marker, written to it, without the jobs the old master acknowledged just
 * before and never passed on. So they are queued again; under their ids that
 * does nothing for those that exist, and a page already sent has its own
 * marker. Whether to page is judged again as the step would now.
 */
async function runAgain(
  step: Step,
  done: { marker: string; covering: Silence[] },
  parts: JobParts,
): Promise<void> {
  const ranAtMs = step.record.markers.get(done.marker) ?? step.nowMs;
  await scheduleNext(step, parts, ranAtMs);
  if (done.covering.length > 0) return;
  if (step.inline) return sendPagesNow(step, parts);
  if (await facilityIncidentOf(parts.context, step.record.breach)) return;
  await unsilence(step, parts);
  await queuePages(step, parts);
}

/**
 * Queues the policy's next step, due its wait after this one ran (`ranAtMs`,
 * for a step run again: the next one is not put off by the rerun); false
 * when this step was the last.
 */
async function scheduleNext(step: Step, parts: JobParts, ranAtMs = step.nowMs): Promise<boolean> {
  const { breachId, record, policy, position } = step;
  const next = nextPosition(policy, position);
  if (!next) return false;
  const dueMs = ranAtMs + (waitAfter(policy, position) ?? 0);
  await parts.queues.add(
    record.breach.severity,
    { type: 'step', breachId, ...next },
    stepJobId(breachId, next.pass, next.step),
    dueMs - parts.context.now(),
  );
  return true;
}

/** The inline step's pages, after the step is recorded so the timeline reads step, then notified. */
async function sendPagesNow(step: Step, parts: JobParts): Promise<void> {
  const { breachId, position, targets, record } = step;
  await Promise.all(
    targets.map((target) => pageNow({ type: 'page', breachId, ...position, target }, parts, record)),
  );
}

interface Step {
  breachId: string;
  record: EscalatedBreach;
  policy: EscalatePolicy;
  position: StepPosition;
  targets: string[];
  nowMs: number;
  inline: boolean;
}

/**
 * A silence covers the breach: nobody is paged, the silence notes what it
 * held back, and the timeline says which silences did it, whose they are
 * and, for a broad one, why.
 */
async function suppress(step: Step, covering: Silence[], parts: JobParts): Promise<TimelineEntry[]> {
  const { store, metrics } = parts.context;
  const { breachId, record, position, targets, nowMs } = step;
  const silences = covering.map(silenceNote);
  const at = new Date(nowMs).toISOString();
  await store.silences.recordSuppressed(covering, { breachId, at, ...position, targets });
  if (record.state === 'open') {
    const line = systemEntry(nowMs, 'silenced', { silences });
    await store.breaches.setState(breachId, { expected: 'open', next: 'silenced', line });
  }
  for (const target of targets) {
    const channel = parts.delivery.target(target).type;
    metrics.notifications.inc({ channel, kind: 'breach', result: 'suppressed' });
  }
  return [systemEntry(nowMs, 'suppressed', { ...position, targets, silences })];
}

/** A facility incident explains the breach: nobody is paged for this step, the timeline says which incident. */
function holdBack(
  step: Step,
  explained: { incidentId: string; rule: string },
  parts: JobParts,
): TimelineEntry[] {
  const { metrics } = parts.context;
  const { position, targets, nowMs } = step;
  metrics.suppressedPages.inc({ reason: 'inhibited' }, targets.length);
  for (const target of targets) {
    const channel = parts.delivery.target(target).type;
    metrics.notifications.inc({ channel, kind: 'breach', result: 'suppressed' });
  }
  return [
    systemEntry(nowMs, 'suppressed', {
      ...position,
      targets,
      inhibitedBy: explained.incidentId,
      rule: explained.rule,
    }),
  ];
}

/** Queues one page job per target of the step (inline: leaves them to sendPagesNow). */
async function page(step: Step, parts: JobParts): Promise<TimelineEntry[]> {
  const { metrics } = parts.context;
  const { record, position, targets, nowMs } = step;
  await unsilence(step, parts);
  // Inline, the pages go out once the step is recorded (sendPagesNow).
  if (!step.inline) await queuePages(step, parts);
  metrics.steps.inc({ severity: record.breach.severity, policy: record.policy });
  return [systemEntry(nowMs, 'step', { ...position, targets })];
}

/** A breach a silence held back is open again once a step pages it. */
async function unsilence(step: Step, parts: JobParts): Promise<void> {
  const { breachId, record, nowMs } = step;
  if (record.state !== 'silenced') return;
  const line = systemEntry(nowMs, 'unsilenced');
  await parts.context.store.breaches.setState(breachId, { expected: 'silenced', next: 'open', line });
}

/** One page job per target of the step, under an id a rerun of the step cannot duplicate. */
async function queuePages(step: Step, parts: JobParts): Promise<void> {
  const { breachId, record, position, targets } = step;
  await Promise.all(
    targets.map((target) => {
      const page: PageJob = { type: 'page', breachId, ...position, target };
      const id = deliveryJobId(breachId, position.pass, position.step, target);
      return parts.queues.add(record.breach.severity, page, id);
    }),
  );
}
