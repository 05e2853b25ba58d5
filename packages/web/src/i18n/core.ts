/**
 * The portal's small i18n layer, without React: message dictionaries, plural forms and `{name}` interpolation.
 * Ukrainian is the source language; a message missing in another language falls back to Ukrainian, then to its key.
 */

export const LANGUAGES = ['uk', 'en'] as const;
export type Language = (typeof LANGUAGES)[number];
export const DEFAULT_LANGUAGE: Language = 'uk';

/** Plural forms by `Intl.PluralRules` category (Ukrainian uses one/few/many; English one/other). */
export interface PluralMessage {
  one: string;
  few?: string;
  many?: string;
  other: string;
}

export type Message = string | PluralMessage;
export type Dictionary = Readonly<Record<string, Message>>;
export type Params = Readonly<Record<string, string | number>>;

export const isLanguage = (value: unknown): value is Language => LANGUAGES.includes(value as Language);

const pluralRules = new Map<string, Intl.PluralRules>();
function pluralCategory(language: string, count: number): Intl.LDMLPluralRule {
  let rules = pluralRules.get(language);
  if (!rules) {
    rules = new Intl.PluralRules(language);
    pluralRules.set(language, rules);
  }
  return rules.select(count);
}

function pick(message: Message, language: string, params: Params | undefined): string {
  if (typeof message === 'string') return message;
  const count = Number(params?.count ?? 0);
  const category = pluralCategory(language, count);
  return (category === 'zero' || category === 'two' ? undefined : message[category]) ?? message.other;
}

/** Replaces `{name}` with the parameter; an unknown name stays as written, so a mistake is visible, not silent. */
export function interpolate(text: string, params: Params | undefined): string {
  if (!params) return text;
  return text.replace(/\{(\w+)\}/g, (whole, name: string) =>
    Object.hasOwn(params, name) ? String(params[name]) : whole,
  );
}

export interface Catalog {
  language: Language;
  /** Dictionaries to try in order: the language's own, then the fallbacks. */
  chain: ReadonlyArray<{ language: Language; messages: Dictionary }>;
}

/** Translates a key: the first dictionary in the chain that has it wins; no dictionary has it → the key itself. */
export function translate(catalog: Catalog, key: string, params?: Params): string {
  for (const { language, messages } of catalog.chain) {
    const message = Object.hasOwn(messages, key) ? messages[key] : undefined;
    if (message !== undefined) return interpolate(pick(message, language, params), params);
  }
  return interpolate(key, params);
}

export function makeCatalog(
  language: Language,
  dictionaries: Readonly<Record<Language, Dictionary>>,
  fallback: Language = DEFAULT_LANGUAGE,
): Catalog {
  const chain = [{ language, messages: dictionaries[language] }];
  if (language !== fallback) chain.push({ language: fallback, messages: dictionaries[fallback] });
  return { language, chain };
}

/** The language to start with: a valid stored choice, else Ukrainian (the portal's language regardless of the browser). */
export function initialLanguage(stored: string | null | undefined): Language {
  return isLanguage(stored) ? stored : DEFAULT_LANGUAGE;
}
