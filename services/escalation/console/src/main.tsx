import './styles.css';
import { render } from 'preact';
import { useEffect, useState } from 'preact/hooks';
import { ApiError, get, post, SESSION_ENDED, type Session, setCsrf } from './api.js';
import { Context, useWords } from './context.js';
import { BreachDetail, IncidentDetail } from './detail.js';
import { type Language, rememberedLanguage, rememberLanguage, translate } from './i18n.js';
import { ListView } from './list.js';
import { OverviewView } from './overview.js';
import { SilencesView } from './silence-form.js';

/** `#/breach/<id>?link=…` → { path: ['breach', id], query }. */
function parseHash(hash: string): { path: string[]; query: URLSearchParams } {
  const [path = '', query = ''] = hash.replace(/^#\/?/, '').split('?');
  return {
    path: path
      .split('/')
      .filter((p) => p !== '')
      .map(decodeURIComponent),
    query: new URLSearchParams(query),
  };
}

function useHash() {
  const [hash, setHash] = useState(location.hash);
  useEffect(() => {
    const listener = () => setHash(location.hash);
    addEventListener('hashchange', listener);
    return () => removeEventListener('hashchange', listener);
  }, []);
  return parseHash(hash);
}

/** Server-sent events: every change bumps the version; EventSource reconnects on its own. */
function useChanges(enabled: boolean): { version: number; live: boolean } {
  const [version, setVersion] = useState(0);
  const [live, setLive] = useState(false);
  useEffect(() => {
    if (!enabled) return;
    const source = new EventSource('/console/api/events');
    // At most one re-read a second: the first change of a quiet spell at once, a storm's changes together.
    let last = 0;
    let timer: ReturnType<typeof setTimeout> | undefined;
    const bump = () => {
      last = Date.now();
      timer = undefined;
      setVersion((v) => v + 1);
    };
    source.addEventListener('change', () => {
      const since = Date.now() - last;
      if (since >= 1_000) bump();
      else timer ??= setTimeout(bump, 1_000 - since);
    });
    source.addEventListener('hello', () => {
      setLive(true);
      // Whatever happened while disconnected: read again.
      setVersion((v) => v + 1);
    });
    source.onerror = () => setLive(false);
    return () => {
      clearTimeout(timer);
      source.close();
    };
  }, [enabled]);
  return { version, live };
}

/** Someone opened an acknowledge link without a session: they may acknowledge with the link itself. */
function LinkAcknowledge(props: { link: string }) {
  const { t } = useWords();
  const [message, setMessage] = useState('');
  if (!props.link.startsWith('/ack/')) return null;
  const acknowledge = async () => {
    const response = await fetch(props.link, { method: 'POST' });
    const page = new DOMParser().parseFromString(await response.text(), 'text/html');
    setMessage(page.querySelector('h1')?.textContent ?? String(response.status));
  };
  return (
    <div class="link-ack">
      <p>{t('linkHint')}</p>
      <button type="button" class="primary" onClick={acknowledge}>
        {t('acknowledgeWithLink')}
      </button>
      {message && <p role="status">{message}</p>}
    </div>
  );
}

function SignIn(props: { onSignedIn: (session: Session) => void; link: string | null }) {
  const { t } = useWords();
  const [token, setToken] = useState('');
  const [error, setError] = useState('');
  const submit = async (event: Event) => {
    event.preventDefault();
    try {
      const session = await post<Session>('/console/session', { token });
      setToken('');
      props.onSignedIn(session);
    } catch (e) {
      setError(e instanceof ApiError ? e.message : String(e));
    }
  };
  return (
    <main id="main" class="sign-in">
      {props.link && <LinkAcknowledge link={props.link} />}
      <form onSubmit={submit} aria-labelledby="sign-in-title">
        <h1 id="sign-in-title">{t('signIn')}</h1>
        <label for="token">{t('token')}</label>
        <input
          id="token"
          name="token"
          type="password"
          autocomplete="off"
          required
          value={token}
          aria-describedby="token-help"
          onInput={(e) => setToken((e.target as HTMLInputElement).value)}
        />
        <p id="token-help" class="note">
          {t('tokenHelp')}
        </p>
        {error && (
          <p role="alert" class="error">
            {error}
          </p>
        )}
        <button type="submit" class="primary">
          {t('signIn')}
        </button>
      </form>
    </main>
  );
}

function LanguageSwitch(props: { language: Language; onChange: (language: Language) => void }) {
  return (
    <fieldset class="language" aria-label={translate(props.language, 'language')}>
      {(['en', 'zh'] as const).map((language) => (
        <button
          type="button"
          key={language}
          lang={language}
          aria-pressed={props.language === language}
          onClick={() => props.onChange(language)}
        >
          {language === 'en' ? 'English' : '中文'}
        </button>
      ))}
    </fieldset>
  );
}

function App() {
  const [language, setLanguage] = useState<Language>(rememberedLanguage());
  const [session, setSession] = useState<Session | null | undefined>(undefined);
  const { path, query } = useHash();
  const { version, live } = useChanges(Boolean(session));
  const t = (key: Parameters<typeof translate>[1]) => translate(language, key);

  useEffect(() => {
    get<Session>('/console/session')
      .then((s) => {
        setCsrf(s.csrf);
        setSession(s);
      })
      .catch(() => setSession(null));
  }, []);
  useEffect(() => {
    const ended = () => setSession(null);
    addEventListener(SESSION_ENDED, ended);
    return () => removeEventListener(SESSION_ENDED, ended);
  }, []);
  useEffect(() => {
    document.documentElement.lang = language === 'zh' ? 'zh-CN' : 'en';
    document.title = t('title');
  }, [language]);

  const chooseLanguage = (next: Language) => {
    rememberLanguage(next);
    setLanguage(next);
  };
  const signOut = async () => {
    await post('/console/sign-out').catch(() => undefined);
    setSession(null);
  };

  const [view = 'overview', id] = path;
  // A new view (not a new filter) takes the focus, so keyboard and screen-reader users start at its content.
  const [lastView, setLastView] = useState(`${view}/${id}`);
  useEffect(() => {
    if (lastView === `${view}/${id}`) return;
    setLastView(`${view}/${id}`);
    document.getElementById('main')?.focus();
  }, [view, id]);
  let body = null;
  if (view === 'breach' && id) body = <BreachDetail id={id} />;
  else if (view === 'incident' && id) body = <IncidentDetail id={id} />;
  else if (view === 'breaches' || view === 'incidents') body = <ListView kind={view} query={query} />;
  else if (view === 'silences') body = <SilencesView />;
  else body = <OverviewView />;

  return (
    <Context.Provider value={{ language, session: session ?? null, version }}>
      {/* A button, not a link: links to #main would change the console's route. */}
      <button type="button" class="skip" onClick={() => document.getElementById('main')?.focus()}>
        {language === 'zh' ? '跳到内容' : 'Skip to content'}
      </button>
      <header>
        <span class="brand">{t('title')}</span>
        {session && (
          <nav aria-label="main">
            {(['overview', 'incidents', 'breaches', 'silences'] as const).map((name) => (
              <a href={`#/${name}`} aria-current={view === name ? 'page' : undefined} key={name}>
                {t(name)}
              </a>
            ))}
          </nav>
        )}
        <LanguageSwitch language={language} onChange={chooseLanguage} />
        {session && (
          <div class="who">
            <span class={live ? 'live' : 'offline'} role="status">
              {live ? t('live') : t('offline')}
            </span>{' '}
            <span data-testid="owner">
              {session.owner} ({session.role})
            </span>{' '}
            <button type="button" onClick={signOut}>
              {t('signOut')}
            </button>
          </div>
        )}
      </header>
      {session === undefined ? null : session === null ? (
        <SignIn
          link={query.get('link')}
          onSignedIn={(s) => {
            setCsrf(s.csrf);
            setSession(s);
          }}
        />
      ) : (
        <main id="main" tabIndex={-1}>
          {body}
        </main>
      )}
    </Context.Provider>
  );
}

render(<App />, document.getElementById('app')!);
