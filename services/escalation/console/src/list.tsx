// The server's own module owns the row shape and the facets (its imports are types only, so it bundles alone).
import { FACETS, type Facet, type ListAnswer as ServerListAnswer } from '../../src/console/console-view.js';
import { formatTime, useLiveRead, useWords } from './context.js';
import type { Key } from './i18n.js';

const RANGES = ['15m', '1h', '6h', '24h', '7d'] as const;
const SORTS: Array<[string, Key]> = [
  ['newest', 'newest'],
  ['oldest', 'oldest'],
  ['severity', 'bySeverity'],
];

type ListAnswer = ServerListAnswer & { truncated: boolean };

type Filters = Partial<Record<Facet, string[]>>;

/** Filters, sort and page live in the address (#/breaches?severity=critical&page=2), so a view can be shared. */
function readState(query: URLSearchParams) {
  const filters: Filters = {};
  for (const facet of FACETS) {
    const values = query.get(facet);
    if (values) filters[facet] = values.split(',');
  }
  return {
    filters,
    range: query.get('range') ?? '24h',
    sort: query.get('sort') ?? 'newest',
    page: Number(query.get('page') ?? '1') || 1,
  };
}

function toQuery(state: ReturnType<typeof readState>): string {
  const query = new URLSearchParams();
  for (const facet of FACETS) {
    const values = state.filters[facet];
    if (values && values.length > 0) query.set(facet, values.join(','));
  }
  query.set('range', state.range);
  query.set('sort', state.sort);
  query.set('page', String(state.page));
  return query.toString();
}

export function ListView(props: { kind: 'breaches' | 'incidents'; query: URLSearchParams }) {
  const { kind } = props;
  const { t, v, language } = useWords();
  const state = readState(props.query);
  const queryText = toQuery(state);
  const { data: answer, error } = useLiveRead<ListAnswer>(`/console/api/${kind}?${queryText}`);

  const go = (change: Partial<ReturnType<typeof readState>>) => {
    location.hash = `#/${kind}?${toQuery({ ...state, page: 1, ...change })}`;
  };
  const toggle = (facet: Facet, chosen: string) => {
    const current = state.filters[facet] ?? [];
    const next = current.includes(chosen) ? current.filter((x) => x !== chosen) : [...current, chosen];
    go({ filters: { ...state.filters, [facet]: next } });
  };
  const label = (facet: Facet, raw: string) =>
    facet === 'status' || facet === 'severity' || facet === 'segment' ? v(raw) : raw;

  return (
    <section aria-labelledby="list-title">
      <h1 id="list-title">{t(kind)}</h1>
      <div class="toolbar">
        <fieldset class="chips" aria-label={t('range')}>
          <legend>{t('range')}</legend>
          {RANGES.map((range) => (
            <button
              type="button"
              class="chip"
              aria-pressed={state.range === range}
              onClick={() => go({ range })}
              key={range}
            >
              {v(range)}
            </button>
          ))}
        </fieldset>
        <label class="sort">
          {t('sort')}{' '}
          <select value={state.sort} onChange={(e) => go({ sort: (e.target as HTMLSelectElement).value })}>
            {SORTS.map(([sort, key]) => (
              <option value={sort} key={sort}>
                {t(key)}
              </option>
            ))}
          </select>
        </label>
      </div>
      {answer &&
        FACETS.map((facet) => {
          const counts = answer.counts[facet];
          const chosen = state.filters[facet] ?? [];
          const values = [...new Set([...Object.keys(counts), ...chosen])].sort(
            (a, b) => (counts[b] ?? 0) - (counts[a] ?? 0) || a.localeCompare(b),
          );
          if (values.length === 0) return null;
          return (
            <fieldset class="chips" key={facet} data-facet={facet}>
              <legend>{t(facet)}</legend>
              {values.slice(0, 12).map((raw) => (
                <button
                  type="button"
                  class="chip"
                  aria-pressed={chosen.includes(raw)}
                  onClick={() => toggle(facet, raw)}
                  key={raw}
                >
                  {label(facet, raw)} <span class="count">{counts[raw] ?? 0}</span>
                </button>
              ))}
            </fieldset>
          );
        })}
      {Object.values(state.filters).some((x) => x && x.length > 0) && (
        <button type="button" class="link" onClick={() => go({ filters: {} })}>
          {t('clearFilters')}
        </button>
      )}
      {error && (
        <p role="alert" class="error">
          {error}
        </p>
      )}
      {answer && (
        <>
          <p class="summary" aria-live="polite">
            <span data-testid="total">{answer.total}</span> {t('shown')}
            {answer.truncated && <span class="note"> · {t('truncated')}</span>}
          </p>
          {answer.rows.length === 0 ? (
            <p>{t('nothing')}</p>
          ) : (
            <ul class="rows" data-testid={`${kind}-list`}>
              {answer.rows.map((row) => (
                <li key={row.id} class={`row severity-${row.severity}`}>
                  <a href={`#/${kind === 'breaches' ? 'breach' : 'incident'}/${encodeURIComponent(row.id)}`}>
                    <span class={`badge ${row.severity}`}>{v(row.severity)}</span>
                    <span class={`state ${row.status}`}>{v(row.status)}</span>
                    <strong class="title">
                      {language === 'zh' && row.titleZh ? row.titleZh : row.title}
                    </strong>
                    <span class="meta">
                      {row.waybill ??
                        (row.members ? `${row.members.open}/${row.members.total} ${t('open')}` : '')}
                      {row.facility && ` · ${row.facility}`}
                      {row.lane && ` · ${row.lane}`}
                      {` · ${formatTime(row.atMs, language)}`}
                    </span>
                  </a>
                </li>
              ))}
            </ul>
          )}
          <nav class="pager" aria-label={t('page')}>
            <button
              type="button"
              disabled={answer.page <= 1}
              onClick={() => go({ ...state, page: answer.page - 1 })}
            >
              {t('previous')}
            </button>
            <span>
              {language === 'zh'
                ? `${t('page')} ${answer.page} ${t('of')} ${answer.pages} 页`
                : `${t('page')} ${answer.page} ${t('of')} ${answer.pages}`}
            </span>
            <button
              type="button"
              disabled={answer.page >= answer.pages}
              onClick={() => go({ ...state, page: answer.page + 1 })}
            >
              {t('next')}
            </button>
          </nav>
        </>
      )}
    </section>
  );
}
