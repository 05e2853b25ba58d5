import { initialLanguage, type Language } from './core';

export const LANGUAGE_STORAGE_KEY = 'aikom.language';

/** The stored language choice (storage can be unavailable: private windows, strict settings). */
export function readStoredLanguage(): Language {
  try {
    return initialLanguage(globalThis.localStorage?.getItem(LANGUAGE_STORAGE_KEY));
  } catch {
    return initialLanguage(null);
  }
}

export function storeLanguage(language: Language): void {
  try {
    globalThis.localStorage?.setItem(LANGUAGE_STORAGE_KEY, language);
  } catch {
    // the choice then lasts for this page only
  }
}
