import type { Severity } from '@slawatch/contract';
import { escalates } from '../lifecycle.js';
import { silenceNote, silencesCovering } from '../silence.js';
import { systemEntry } from '../timeline.js';
import type { DigestJob, FlushDigestJob } from './escalation-job.js';
import type { JobParts } from './job-parts.js';

/** Closes a digest policy's interval: its unsilenced open breaches become one digest job per target. */
export async function runFlushDigest(job: FlushDigestJob, parts: JobParts): Promise<void> {
  const { store, file } = parts.context;
  const policy = file.policies[job.policy];
  if (policy?.kind !== 'digest') return;
  const nowMs = parts.context.now();
  // Before the items are read: a breach filed from now on is not left unread (Digests.file refuses it).
  await store.digests.markFlushed(job.policy, job.intervalStartMs);
  const silences = await store.silences.list();
  const included: string[] = [];
  let severity: Severity = 'minor';
  for (const breachId of new Set(await store.digests.items(job.policy, job.intervalStartMs))) {
    const record = await store.breaches.get(breachId);
    if (!record || !escalates(record.state)) continue;
    const covering = silencesCovering(silences, record.breach, nowMs);
    if (covering.length > 0) {
      const at = new Date(nowMs).toISOString();
      await store.silences.recordSuppressed(covering, { breachId, at, digest: job.policy });
      const detail = { digest: job.policy, silences: covering.map(silenceNote) };
      await store.timelines.append(breachId, systemEntry(nowMs, 'suppressed', detail));
      continue;
    }
    included.push(breachId);
    severity = record.breach.severity;
  }
  if (included.length === 0) return;
  const intervalStart = new Date(job.intervalStartMs).toISOString();
  const intervalEnd = new Date(job.intervalStartMs + policy.every).toISOString();
  for (const target of policy.notify) {
    const digest: DigestJob = {
      type: 'digest',
      target,
      breachIds: included,
      intervalStart,
      intervalEnd,
      reason: 'policy',
    };
    await parts.queues.add(severity, digest, `send.${job.policy}.${job.intervalStartMs}.${target}`);
  }
}
