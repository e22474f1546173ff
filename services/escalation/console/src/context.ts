import { createContext } from 'preact';
import { useContext, useEffect, useRef, useState } from 'preact/hooks';
import { get, type Session } from './api.js';
import { type Key, type Language, translate, value } from './i18n.js';

export interface ConsoleContext {
  language: Language;
  session: Session | null;
  /** Moves on every change the server announces: views re-read when it does. */
  version: number;
}

export const Context = createContext<ConsoleContext>({ language: 'en', session: null, version: 0 });

/** The words of the chosen language: `t('acknowledge')`, `v('critical')`. */
export function useWords() {
  const { language } = useContext(Context);
  return {
    t: (key: Key, values?: Record<string, string | number>) => translate(language, key, values),
    v: (text: string) => value(language, text),
    language,
  };
}

export const useConsole = () => useContext(Context);

export function formatTime(iso: string | number | undefined, language: string): string {
  if (iso === undefined) return '';
  const date = new Date(iso);
  return date.toLocaleString(language === 'zh' ? 'zh-CN' : 'en-GB', {
    month: 'short',
    day: 'numeric',
    hour: '2-digit',
    minute: '2-digit',
    second: '2-digit',
  });
}

/**
 * Reads `path` now and again after every announced change, one request at a
 * time: changes during a read make one more read after it, so a slow server
 * in a storm never has a pile of requests (a browser opens at most six
 * connections to it, and one is the event stream).
 */
export function useLiveRead<T>(path: string): { data: T | null; error: string; reload: () => void } {
  const { version } = useConsole();
  const [state, setState] = useState<{ data: T | null; error: string }>({ data: null, error: '' });
  const [tick, setTick] = useState(0);
  const inFlight = useRef<{ path: string; controller: AbortController } | null>(null);
  const wanted = useRef(0);
  useEffect(() => {
    wanted.current++;
    if (inFlight.current?.path === path) return;
    inFlight.current?.controller.abort();
    const read = () => {
      const controller = new AbortController();
      const asked = wanted.current;
      inFlight.current = { path, controller };
      get<T>(path, controller.signal)
        .then(
          (data) => setState({ data, error: '' }),
          (e: Error) => controller.signal.aborted || setState((s) => ({ ...s, error: e.message })),
        )
        .finally(() => {
          if (controller.signal.aborted) return;
          inFlight.current = null;
          if (wanted.current !== asked) read();
        });
    };
    read();
  }, [path, version, tick]);
  useEffect(() => () => inFlight.current?.controller.abort(), []);
  return { ...state, reload: () => setTick((x) => x + 1) };
}
