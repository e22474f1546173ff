import { useEffect, useState } from 'preact/hooks';
import { ApiError, canAct, get, post } from './api.js';
import { formatTime, useConsole, useLiveRead, useWords } from './context.js';
import { SilenceForm } from './silence-form.js';

interface TimelineEntry {
  at: string;
  who: string;
  what: string;
  detail?: Record<string, unknown>;
}

interface BreachChange {
  breachId: string;
  waybill: string;
  standard: string;
  title: string;
  titleZh?: string;
  action?: string;
  severity: string;
  segment: string;
  product: string;
  route: string;
  level: string;
  dueAt: string | null;
  detectedAt: string;
  evidence: string[];
  cause?: {
    lastSeen?: { kind: string; id: string; at: string; courierId?: string };
    originCity?: string;
    destinationCity?: string;
    lane?: string;
    customerId?: string;
  };
}

interface BreachDetailAnswer {
  breachId: string;
  state: string;
  policy: string;
  openedAt: string;
  acknowledgedBy?: string;
  breach: BreachChange;
  notified: string[];
  timeline: TimelineEntry[];
}

interface IncidentDetailAnswer {
  incidentId: string;
  state: string;
  policy: string;
  severity: string;
  labels: Record<string, string>;
  standard: string;
  title: string;
  titleZh?: string;
  openedAt: string;
  acknowledgedBy?: string;
  silencedUntil?: string;
  counts: { members: number; open: number; suppressed?: number };
  /** A facility incident: the inhibit rule whose threshold opened it; its members' own pages are suppressed. */
  inhibition?: { rule: string; by: string; key: string; threshold: { count: number } };
  members: Array<{
    breachId: string;
    waybill: string;
    detectedAt: string;
    open: boolean;
    suppressed?: boolean;
  }>;
  notified: string[];
  timeline: TimelineEntry[];
}

export interface StandardText {
  id: string;
  title: string;
  titleZh?: string;
  action?: string;
}

interface Reference {
  standards: StandardText[];
  /** Target name → its channel (dingtalk, wecom, webhook, …). */
  channels: Record<string, string>;
}

let referenceRead: Promise<Reference> | undefined;
/** The standards' texts and the targets' channels: read once per page load. */
function useReference(): Reference {
  const [reference, setReference] = useState<Reference>({ standards: [], channels: {} });
  useEffect(() => {
    referenceRead ??= get<Reference>('/console/api/reference');
    referenceRead.then(setReference).catch(() => undefined);
  }, []);
  return reference;
}

/** `tier-1 (dingtalk)`: whom, on which channel. */
function withChannels(targets: string[], channels: Record<string, string>): string {
  return targets.map((target) => (channels[target] ? `${target} (${channels[target]})` : target)).join(', ');
}

function Timeline(props: { entries: TimelineEntry[] }) {
  const { t, v, language } = useWords();
  const { channels } = useReference();
  return (
    <section aria-labelledby="timeline-title">
      <h2 id="timeline-title">{t('timeline')}</h2>
      <ol class="timeline" data-testid="timeline">
        {props.entries.map((entry, i) => (
          <li key={i}>
            <time dateTime={entry.at}>{formatTime(entry.at, language)}</time> <strong>{v(entry.what)}</strong>{' '}
            <span class="who">{entry.who}</span>
            {entry.detail && (
              <span class="detail">
                {' '}
                {Object.entries(entry.detail)
                  .map(([k, x]) =>
                    k === 'target' && typeof x === 'string'
                      ? `${k}: ${withChannels([x], channels)}`
                      : `${k}: ${typeof x === 'object' ? JSON.stringify(x) : String(x)}`,
                  )
                  .join(' · ')}
              </span>
            )}
          </li>
        ))}
      </ol>
    </section>
  );
}

function StandardSection(props: { standard: string; title: string; titleZh?: string; action?: string }) {
  const { t } = useWords();
  const text = useReference().standards.find((s) => s.id === props.standard);
  const title = text?.title ?? props.title;
  const titleZh = text?.titleZh ?? props.titleZh;
  const action = text?.action ?? props.action;
  return (
    <section aria-labelledby="standard-title">
      <h2 id="standard-title">{t('standardText')}</h2>
      <p>
        <code>{props.standard}</code>
      </p>
      <p lang="en">{title}</p>
      {titleZh && <p lang="zh">{titleZh}</p>}
      {action && (
        <>
          <h3>{t('whatToDo')}</h3>
          <p class="action" data-testid="action">
            {action}
          </p>
        </>
      )}
    </section>
  );
}

function Actions(props: { base: string; state: string; onDone: () => void; incident?: boolean }) {
  const { t } = useWords();
  const { session } = useConsole();
  const [message, setMessage] = useState('');
  if (!canAct(session)) return null;
  const act = async (what: 'acknowledge' | 'resolve') => {
    try {
      await post(`${props.base}/${what}`);
      setMessage(t('done'));
      props.onDone();
    } catch (e) {
      setMessage(e instanceof ApiError ? e.message : String(e));
    }
  };
  const ended = props.state === 'resolved' || props.state === 'retracted';
  return (
    <fieldset class="actions" aria-label="actions">
      {props.state === 'open' && (
        <button type="button" class="primary" onClick={() => act('acknowledge')}>
          {t('acknowledge')}
        </button>
      )}
      {!ended && (
        <button type="button" onClick={() => act('resolve')}>
          {t('resolve')}
        </button>
      )}
      {message && <span role="status">{message}</span>}
    </fieldset>
  );
}

/** The back link, severity, title in the chosen language, state and who took it on. */
function DetailHeading(props: {
  list: 'breaches' | 'incidents';
  severity: string;
  title: string;
  titleZh?: string;
  state: string;
  acknowledgedBy?: string;
  silencedUntil?: string;
}) {
  const { t, v, language } = useWords();
  return (
    <>
      <p>
        <a href={`#/${props.list}`}>{t('back')}</a>
      </p>
      <h1 id="detail-title">
        <span class={`badge ${props.severity}`}>{v(props.severity)}</span>{' '}
        {language === 'zh' && props.titleZh ? props.titleZh : props.title}
      </h1>
      <p>
        <span class={`state ${props.state}`} data-testid="state">
          {v(props.state)}
        </span>
        {props.acknowledgedBy && ` · ${t('acknowledgedBy')} ${props.acknowledgedBy}`}
        {props.silencedUntil && ` · ${t('silencedUntil')} ${formatTime(props.silencedUntil, language)}`}
      </p>
    </>
  );
}

export function BreachDetail(props: { id: string }) {
  const { t, v, language } = useWords();
  const { channels } = useReference();
  const { data, error, reload } = useLiveRead<BreachDetailAnswer>(
    `/api/breaches/${encodeURIComponent(props.id)}`,
  );
  if (error) return <p role="alert">{error}</p>;
  if (!data) return <p>…</p>;
  const { breach } = data;
  const lastSeen = breach.cause?.lastSeen;
  return (
    <article aria-labelledby="detail-title">
      <DetailHeading
        list="breaches"
        severity={breach.severity}
        title={breach.title}
        {...(breach.titleZh ? { titleZh: breach.titleZh } : {})}
        state={data.state}
        {...(data.acknowledgedBy ? { acknowledgedBy: data.acknowledgedBy } : {})}
      />
      <Actions
        base={`/api/breaches/${encodeURIComponent(data.breachId)}`}
        state={data.state}
        onDone={reload}
      />
      <dl class="facts">
        <dt>{t('waybill')}</dt>
        <dd>{breach.waybill}</dd>
        <dt>{t('segment')}</dt>
        <dd>{v(breach.segment)}</dd>
        <dt>{t('detected')}</dt>
        <dd>{formatTime(breach.detectedAt, language)}</dd>
        {breach.dueAt && (
          <>
            <dt>{t('due')}</dt>
            <dd>{formatTime(breach.dueAt, language)}</dd>
          </>
        )}
        <dt>{t('policy')}</dt>
        <dd>{data.policy}</dd>
        <dt>{t('notified')}</dt>
        <dd>{withChannels(data.notified, channels) || t('none')}</dd>
      </dl>
      <section aria-labelledby="cause-title">
        <h2 id="cause-title">{t('cause')}</h2>
        <dl class="facts" data-testid="cause">
          {lastSeen && (
            <>
              <dt>{t('lastSeen')}</dt>
              <dd>
                {lastSeen.kind}:{lastSeen.id} · {formatTime(lastSeen.at, language)}
                {lastSeen.courierId && ` · ${lastSeen.courierId}`}
              </dd>
            </>
          )}
          {breach.cause?.lane && (
            <>
              <dt>{t('route')}</dt>
              <dd>{breach.cause.lane}</dd>
            </>
          )}
          {breach.cause?.customerId && (
            <>
              <dt>{t('customer')}</dt>
              <dd>{breach.cause.customerId}</dd>
            </>
          )}
        </dl>
      </section>
      <StandardSection
        standard={breach.standard}
        title={breach.title}
        {...(breach.titleZh ? { titleZh: breach.titleZh } : {})}
        {...(breach.action ? { action: breach.action } : {})}
      />
      <section aria-labelledby="evidence-title">
        <h2 id="evidence-title">{t('evidence')}</h2>
        {breach.evidence.length === 0 ? (
          <p>{t('noEvidence')}</p>
        ) : (
          <ul class="evidence">
            {breach.evidence.map((id) => (
              <li key={id}>
                <code>{id}</code>
              </li>
            ))}
          </ul>
        )}
      </section>
      <Timeline entries={data.timeline} />
      <SilenceForm
        initial={{ standard: [breach.standard], severity: [breach.severity], waybill: [breach.waybill] }}
      />
    </article>
  );
}

export function IncidentDetail(props: { id: string }) {
  const { t, v, language } = useWords();
  const { channels } = useReference();
  const { session } = useConsole();
  const { data, error, reload } = useLiveRead<IncidentDetailAnswer>(
    `/api/incidents/${encodeURIComponent(props.id)}?limit=200`,
  );
  const [silenceMessage, setSilenceMessage] = useState('');
  if (error) return <p role="alert">{error}</p>;
  if (!data) return <p>…</p>;
  const silenceFor = async (hours: number) => {
    try {
      await post(`/api/incidents/${encodeURIComponent(data.incidentId)}/silence`, {
        endsAt: new Date(Date.now() + hours * 3_600_000).toISOString(),
        comment: `silenced from the console by ${session?.owner ?? ''}`,
      });
      setSilenceMessage(t('done'));
      reload();
    } catch (e) {
      setSilenceMessage(e instanceof Error ? e.message : String(e));
    }
  };
  return (
    <article aria-labelledby="detail-title">
      <DetailHeading
        list="incidents"
        severity={data.severity}
        title={data.title}
        {...(data.titleZh ? { titleZh: data.titleZh } : {})}
        state={data.state}
        {...(data.acknowledgedBy ? { acknowledgedBy: data.acknowledgedBy } : {})}
        {...(data.silencedUntil ? { silencedUntil: data.silencedUntil } : {})}
      />
      <Actions
        base={`/api/incidents/${encodeURIComponent(data.incidentId)}`}
        state={data.state}
        onDone={reload}
      />
      {canAct(session) && data.state !== 'resolved' && (
        <fieldset class="actions" aria-label={t('silenceIncident')}>
          <span>{t('silenceIncident')}:</span>
          {[1, 4].map((hours) => (
            <button type="button" key={hours} onClick={() => silenceFor(hours)}>
              {hours} h
            </button>
          ))}
          {silenceMessage && <span role="status">{silenceMessage}</span>}
        </fieldset>
      )}
      <section aria-labelledby="cause-title">
        <h2 id="cause-title">{t('cause')}</h2>
        <dl class="facts" data-testid="cause">
          {Object.entries(data.labels).map(([field, text]) => (
            <>
              <dt key={`${field}-name`}>{field}</dt>
              <dd key={`${field}-value`}>{text}</dd>
            </>
          ))}
          {data.inhibition && (
            <>
              <dt>{t('inhibition')}</dt>
              <dd data-testid="inhibition">
                {t('inhibitionRule', {
                  rule: data.inhibition.rule,
                  count: data.inhibition.threshold.count,
                  by: data.inhibition.by,
                })}
              </dd>
            </>
          )}
          <dt>{t('opened')}</dt>
          <dd>{formatTime(data.openedAt, language)}</dd>
          <dt>{t('notified')}</dt>
          <dd>{withChannels(data.notified, channels) || t('none')}</dd>
        </dl>
      </section>
      <StandardSection
        standard={data.standard}
        title={data.title}
        {...(data.titleZh ? { titleZh: data.titleZh } : {})}
      />
      <section aria-labelledby="members-title">
        <h2 id="members-title">
          {t('members')} ({data.counts.open} {t('open')} / {data.counts.members} {t('total')}
          {data.counts.suppressed === undefined
            ? ''
            : ` · ${data.counts.suppressed} ${t('suppressedMembers')}`}
          )
        </h2>
        <ul class="members">
          {data.members.map((member) => (
            <li key={member.breachId}>
              <a href={`#/breach/${encodeURIComponent(member.breachId)}`}>{member.waybill}</a>{' '}
              <span class={`state ${member.open ? 'open' : 'resolved'}`}>
                {v(member.open ? 'open' : 'resolved')}
              </span>{' '}
              {member.suppressed && <span class="state suppressed">{v('suppressed')}</span>}{' '}
              {formatTime(member.detectedAt, language)}
            </li>
          ))}
        </ul>
      </section>
      <Timeline entries={data.timeline} />
    </article>
  );
}
