import { createContext, useCallback, useContext, useEffect, useMemo, useState, type ReactNode } from 'react';
import { makeCatalog, translate, type Language, type Params } from './core';
import { en } from './en';
import { readStoredLanguage, storeLanguage } from './storage';
import { uk, type MessageKey } from './uk';

const DICTIONARIES = { uk, en } as const;

export interface Translate {
  (key: MessageKey, params?: Params): string;
  /** The current language, e.g. for `lang` attributes and `Intl` formatters. */
  language: Language;
}

interface I18nValue {
  t: Translate;
  language: Language;
  setLanguage: (language: Language) => void;
}

const I18nContext = createContext<I18nValue | null>(null);

export function I18nProvider({ children, initial }: { children: ReactNode; initial?: Language }) {
  const [language, setLanguageState] = useState<Language>(() => initial ?? readStoredLanguage());

  useEffect(() => {
    document.documentElement.lang = language;
  }, [language]);

  const setLanguage = useCallback((next: Language) => {
    storeLanguage(next);
    setLanguageState(next);
  }, []);

  const value = useMemo<I18nValue>(() => {
    const catalog = makeCatalog(language, DICTIONARIES);
    const t = Object.assign((key: MessageKey, params?: Params) => translate(catalog, key, params), { language });
    return { t, language, setLanguage };
  }, [language, setLanguage]);

  return <I18nContext.Provider value={value}>{children}</I18nContext.Provider>;
}

function useI18n(): I18nValue {
  const value = useContext(I18nContext);
  if (!value) throw new Error('useT() is used outside <I18nProvider>');
  return value;
}

/** The translation function of the current language. */
export function useT(): Translate {
  return useI18n().t;
}

/** The current language and its setter (which persists the choice and updates `<html lang>`). */
export function useLanguage(): [Language, (language: Language) => void] {
  const { language, setLanguage } = useI18n();
  return [language, setLanguage];
}

/** Whether a computed key (e.g. `kind.${code}`) exists, so it can be passed to `t`. */
export function isMessageKey(key: string): key is MessageKey {
  return Object.hasOwn(uk, key);
}
