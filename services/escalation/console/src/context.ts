import { createContext } from 'preact';
import { useContext } from 'preact/hooks';
import type { Session } from './api.js';
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
