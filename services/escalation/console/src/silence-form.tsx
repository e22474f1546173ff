import { useEffect, useState } from 'preact/hooks';
import { ApiError, call, canAct, get, post } from './api.js';
import { formatTime, useConsole, useWords } from './context.js';

type Matchers = Record<string, string[]>;

interface Preview {
  matchedOpen: number;
  examples: string[];
  verdict: { accepted: boolean; breadth?: string[]; error?: string; problems?: string[] };
}

const DURATIONS = [1, 2, 4, 8];

/** A silence from a breach: choose which of its fields to match, see what it would hold back, then create it. */
export function SilenceForm(props: { initial: Matchers }) {
  const { t } = useWords();
  const { session } = useConsole();
  const [chosen, setChosen] = useState<Record<string, boolean>>({
    standard: true,
    severity: true,
    waybill: false,
  });
  const [hours, setHours] = useState(1);
  const [comment, setComment] = useState('');
  const [reason, setReason] = useState('');
  const [preview, setPreview] = useState<Preview | null>(null);
  const [message, setMessage] = useState('');
  if (!canAct(session)) return null;
  const matchers = Object.fromEntries(Object.entries(props.initial).filter(([field]) => chosen[field]));
  const request = () => ({
    matchers,
    endsAt: new Date(Date.now() + hours * 3_600_000).toISOString(),
    ...(reason.trim() ? { reason } : {}),
  });
  const show = async () => {
    try {
      setPreview(await post<Preview>('/console/api/silence-preview', request()));
      setMessage('');
    } catch (e) {
      setMessage(e instanceof ApiError ? [e.message, ...e.problems].join('; ') : String(e));
    }
  };
  const create = async (event: Event) => {
    event.preventDefault();
    try {
      await post('/api/silences', { ...request(), comment });
      setMessage(t('done'));
    } catch (e) {
      setMessage(e instanceof ApiError ? [e.message, ...e.problems].join('; ') : String(e));
    }
  };
  return (
    <section aria-labelledby="silence-title">
      <h2 id="silence-title">{t('silence')}</h2>
      <form class="silence" onSubmit={create}>
        <fieldset>
          <legend>{t('matchers')}</legend>
          {Object.entries(props.initial).map(([field, values]) => (
            <label key={field} class="check">
              <input
                type="checkbox"
                checked={chosen[field] === true}
                onChange={(e) => {
                  setChosen({ ...chosen, [field]: (e.target as HTMLInputElement).checked });
                  setPreview(null);
                }}
              />{' '}
              {field} = {values.join(', ')}
            </label>
          ))}
        </fieldset>
        <label>
          {t('duration')}{' '}
          <select
            value={hours}
            onChange={(e) => {
              setHours(Number((e.target as HTMLSelectElement).value));
              setPreview(null);
            }}
          >
            {DURATIONS.map((h) => (
              <option value={h} key={h}>
                {h} h
              </option>
            ))}
          </select>
        </label>
        <label>
          {t('comment')}
          <input required value={comment} onInput={(e) => setComment((e.target as HTMLInputElement).value)} />
        </label>
        <label>
          {t('reason')}
          <input value={reason} onInput={(e) => setReason((e.target as HTMLInputElement).value)} />
        </label>
        <div class="actions">
          <button type="button" onClick={show}>
            {t('preview')}
          </button>
          <button type="submit" disabled={!preview?.verdict.accepted || comment.trim() === ''}>
            {t('create')}
          </button>
        </div>
        {preview && (
          <div class="preview" role="status" data-testid="silence-preview">
            <p>{t('wouldSilence', { n: preview.matchedOpen })}</p>
            <p>
              {preview.verdict.accepted ? t('allowed') : t('refused')}
              {preview.verdict.breadth &&
                preview.verdict.breadth.length > 0 &&
                ` (${preview.verdict.breadth.join(', ')})`}
            </p>
            {preview.verdict.problems && (
              <ul>
                {preview.verdict.problems.map((p) => (
                  <li key={p}>{p}</li>
                ))}
              </ul>
            )}
          </div>
        )}
        {message && <p role="status">{message}</p>}
      </form>
    </section>
  );
}

interface SilenceView {
  id: string;
  matchers: Matchers;
  endsAt: string;
  author: string;
  comment: string;
  active: boolean;
  broad: boolean;
  reason?: string;
}

/** Silences now in force, each with a button to lift it. */
export function SilencesView() {
  const { t, language } = useWords();
  const { session, version } = useConsole();
  const [silences, setSilences] = useState<SilenceView[] | null>(null);
  const [message, setMessage] = useState('');
  const [tick, setTick] = useState(0);
  useEffect(() => {
    get<{ silences: SilenceView[] }>('/api/silences')
      .then((a) => setSilences(a.silences.filter((s) => s.active)))
      .catch((e: Error) => setMessage(e.message));
  }, [version, tick]);
  const lift = async (id: string) => {
    try {
      await call('DELETE', `/api/silences/${encodeURIComponent(id)}`);
      setTick((x) => x + 1);
    } catch (e) {
      setMessage(e instanceof Error ? e.message : String(e));
    }
  };
  return (
    <section aria-labelledby="silences-title">
      <h1 id="silences-title">{t('silences')}</h1>
      {message && <p role="alert">{message}</p>}
      {silences?.length === 0 && <p>{t('nothing')}</p>}
      <ul class="rows">
        {silences?.map((silence) => (
          <li key={silence.id} class="row">
            <div>
              <strong>
                {Object.entries(silence.matchers)
                  .map(([field, values]) => `${field} = ${values.join(', ')}`)
                  .join(' · ')}
              </strong>
              <p class="meta">
                {t('author')}: {silence.author} · {t('ends')}: {formatTime(silence.endsAt, language)} ·{' '}
                {silence.comment}
                {silence.reason && ` · ${silence.reason}`}
              </p>
              {canAct(session) && (
                <button type="button" onClick={() => lift(silence.id)}>
                  {t('liftSilence')}
                </button>
              )}
            </div>
          </li>
        ))}
      </ul>
    </section>
  );
}
