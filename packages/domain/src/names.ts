/**
 * Personal names as typed by school secretaries, e-journal platforms and registry extracts: apostrophe variants,
 * Latin letters that look like Cyrillic ones, stray spaces and case. These functions give one canonical form for
 * storage and collation-independent keys for search and record linkage (the database's lower()/ILIKE depend on
 * its locale, which differs between engines and installations; keys computed here do not).
 */
import { transliterate } from './translit';

/** The apostrophe of Ukrainian orthography (Правопис 2019, § 7): U+02BC MODIFIER LETTER APOSTROPHE. */
export const APOSTROPHE = 'ʼ';
const APOSTROPHE_VARIANTS = /['`´‘’ʹʻʼ′＇"]/gu;

/** Latin letters that are typed for the Cyrillic ones they look like (upper and lower case). */
export const LATIN_LOOKALIKES: Readonly<Record<string, string>> = {
  A: 'А',
  B: 'В',
  C: 'С',
  E: 'Е',
  H: 'Н',
  I: 'І',
  K: 'К',
  M: 'М',
  O: 'О',
  P: 'Р',
  T: 'Т',
  X: 'Х',
  Y: 'У',
  a: 'а',
  c: 'с',
  e: 'е',
  i: 'і',
  o: 'о',
  p: 'р',
  x: 'х',
  y: 'у',
};

const UKRAINIAN_LETTER = /[А-ЩЬЮЯҐЄІЇа-щьюяґєії]/u;

/** Replaces Latin look-alike letters by Cyrillic ones, but only in a word that is otherwise Cyrillic. */
export function fixLatinLookalikes(word: string): { value: string; replaced: boolean } {
  if (!UKRAINIAN_LETTER.test(word)) return { value: word, replaced: false };
  let replaced = false;
  const value = [...word]
    .map((ch) => {
      const cyr = LATIN_LOOKALIKES[ch];
      if (cyr) {
        replaced = true;
        return cyr;
      }
      return ch;
    })
    .join('');
  return { value, replaced };
}

/** Unifies apostrophe variants to U+02BC. */
export function unifyApostrophes(text: string): string {
  return text.replace(APOSTROPHE_VARIANTS, APOSTROPHE);
}

/**
 * Canonical stored form of a name part: trimmed, single spaces, apostrophes unified, look-alikes fixed,
 * capitalised per part of a double name («ОЛЬХОВСЬКА-петренко» → «Ольховська-Петренко»).
 */
export function canonicalName(raw: string): string {
  const cleaned = unifyApostrophes(raw.normalize('NFC')).replace(/\s+/gu, ' ').trim();
  return cleaned
    .split(/([ -])/u)
    .map((part) => {
      if (part === ' ' || part === '-' || part === '') return part;
      const fixed = fixLatinLookalikes(part).value;
      return fixed[0]!.toUpperCase() + fixed.slice(1).toLowerCase();
    })
    .join('');
}

/**
 * Search key of a name: lower case, apostrophes and hyphens dropped, look-alikes fixed, «ґ» kept distinct.
 * Equal keys mean "the same name as typed differently".
 */
export function nameKey(raw: string): string {
  return raw
    .normalize('NFC')
    .split(/\s+/u)
    .map((w) => fixLatinLookalikes(w).value)
    .join(' ')
    .toLowerCase()
    .replace(APOSTROPHE_VARIANTS, '')
    .replace(/[-‐–—]/gu, ' ')
    .replace(/\s+/gu, ' ')
    .trim();
}

/**
 * Phonetic ASCII key for fuzzy search and linkage across scripts: the КМУ 2010 transliteration of the name key,
 * with the distinctions people most often lose folded together (и/і/ї/й → i, е/є → e, г/ґ → h, doubled letters
 * once). A Latin-script name from a passport gets the same key as its Cyrillic original in most cases.
 */
export function phoneticKey(raw: string): string {
  const latin = /[a-z]/iu.test(raw) && !UKRAINIAN_LETTER.test(raw) ? raw.toLowerCase() : transliterate(nameKey(raw)).toLowerCase();
  return latin
    .replace(/[^a-z ]/gu, '')
    .replace(/shch/gu, 'sc')
    .replace(/zgh/gu, 'zh')
    .replace(/kh/gu, 'h')
    .replace(/ts/gu, 'c')
    .replace(/(ye|ie|yi|yu|iu|ya|ia)/gu, (m) => ({ ye: 'e', ie: 'e', yi: 'i', yu: 'u', iu: 'u', ya: 'a', ia: 'a' })[m] ?? m)
    .replace(/[yj]/gu, 'i')
    .replace(/g/gu, 'h')
    .replace(/(.)\1+/gu, '$1')
    .replace(/\s+/gu, ' ')
    .trim();
}
