import type { EscalatedBreach } from '../classes/breach-records.js';
import { facilityIncidentOf } from '../inhibition-actions.js';
import { deliveryJobId, stepJobId } from '../job-id.js';
import { escalates } from '../lifecycle.js';
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
 * then sends the pages itself instead of queueing them. A replay of the
 * consumer's batch finds the step recorded and sends what was not sent yet
 * (each page has its own marker).
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
  const { context, queues } = parts;
  const { store, file } = context;
  const inline = options.inline === true;
  const record = options.record ?? (await store.breaches.get(job.breachId));
  if (!record || !escalates(record.state)) return;
  const policy = file.policies[record.policy];
  if (policy?.kind !== 'escalate') return;
  const position = { pass: job.pass, step: job.step };
  const marker = `step:${job.pass}.${job.step}`;
  // A queued step that already ran has nothing left to do; an inline one may have pages to send.
  if (record.markers.has(marker) && !inline) return;
  const nowMs = context.now();
  const targets = targetsAt(policy, position);
  const covering = silencesCovering(await store.silences.recent(nowMs), record.breach, nowMs);
  const step = { breachId: job.breachId, record, position, targets, nowMs, inline };
  if (record.markers.has(marker)) {
    if (covering.length === 0) await sendPagesNow(step, parts);
    return;
  }
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
  const next = nextPosition(policy, position);
  if (next) {
    await queues.add(
      record.breach.severity,
      { type: 'step', breachId: job.breachId, ...next },
      stepJobId(job.breachId, next.pass, next.step),
      waitAfter(policy, position),
    );
  } else {
    lines.push(systemEntry(nowMs, 'escalation-exhausted', position));
  }
  await store.breaches.markWithLines(job.breachId, { marker, lines, nowMs });
  if (inline && covering.length === 0) await sendPagesNow(step, parts);
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
  const { store, metrics } = parts.context;
  const { breachId, record, position, targets, nowMs } = step;
  if (record.state === 'silenced') {
    const line = systemEntry(nowMs, 'unsilenced');
    await store.breaches.setState(breachId, { expected: 'silenced', next: 'open', line });
  }
  // Inline, the pages go out once the step is recorded (sendPagesNow).
  if (!step.inline) {
    await Promise.all(
      targets.map((target) => {
        const page: PageJob = { type: 'page', breachId, ...position, target };
        const id = deliveryJobId(breachId, position.pass, position.step, target);
        return parts.queues.add(record.breach.severity, page, id);
      }),
    );
  }
  metrics.steps.inc({ severity: record.breach.severity, policy: record.policy });
  return [systemEntry(nowMs, 'step', { ...position, targets })];
}
