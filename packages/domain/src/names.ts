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

const DASHES = /\s*[-‐‑‒–—]\s*/gu;

/** A name part after normalisation, and whether Latin look-alike letters had to be replaced to get it. */
export interface NormalisedName {
  value: string;
  latinLookalikesReplaced: boolean;
}

/**
 * Canonical stored form of a name part: trimmed, single spaces, apostrophes unified, any dash a hyphen without
 * spaces around it, look-alikes fixed, capitalised per part of a double name («ОЛЬХОВСЬКА – петренко» →
 * «Ольховська-Петренко»). Reports look-alike replacements, which usually mean a wrong keyboard layout and are
 * worth a second look.
 */
export function normaliseName(raw: string): NormalisedName {
  const cleaned = unifyApostrophes(raw.normalize('NFC')).replace(/\s+/gu, ' ').trim().replace(DASHES, '-');
  let latinLookalikesReplaced = false;
  const value = cleaned
    .split(/([ -])/u)
    .map((part) => {
      if (part === ' ' || part === '-' || part === '') return part;
      const fixed = fixLatinLookalikes(part);
      if (fixed.replaced) latinLookalikesReplaced = true;
      return fixed.value[0]!.toUpperCase() + fixed.value.slice(1).toLowerCase();
    })
    .join('');
  return { value, latinLookalikesReplaced };
}

/** {@link normaliseName} without the report: the canonical stored form of a name part. */
export function canonicalName(raw: string): string {
  return normaliseName(raw).value;
}

const LETTERS = '[А-ЩЬЮЯҐЄІЇа-щьюяґєії]+';
const WORD = `${LETTERS}(?:${APOSTROPHE}${LETTERS})*`;
/**
 * A name part as stored: words of Ukrainian letters with apostrophes only inside a word, joined by single hyphens or
 * spaces, as on the birth certificate, which is filled in in Ukrainian (Правила державної реєстрації актів цивільного
 * стану, наказ Мінʼюсту № 52/5 від 18.10.2000; Правопис 2019, § 7 for the apostrophe).
 */
export const UKRAINIAN_NAME_PATTERN = new RegExp(`^${WORD}(?:[ -]${WORD})*$`, 'u');

/** Whether a normalised name part is written in Ukrainian letters as {@link UKRAINIAN_NAME_PATTERN} describes. */
export function isUkrainianName(value: string): boolean {
  return UKRAINIAN_NAME_PATTERN.test(value);
}

/**
 * The sex a patronymic's ending points to: -ович/-йович/-ич/-іч male, -івна/-ївна/-ична/-ічна female; null for
 * other endings (patronymics of national minorities follow their own customs, ЦК України, ст. 28).
 *
 * @example patronymicSex('Григорович') // 'male'; patronymicSex('Іллінічна') // 'female'
 */
export function patronymicSex(patronymic: string): 'male' | 'female' | null {
  const last = patronymic.trim().toLowerCase().split(/[ -]/u).pop()!;
  if (/(?:ич|іч)$/u.test(last)) return 'male';
  if (/(?:івна|ївна|ична|ічна)$/u.test(last)) return 'female';
  return null;
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

/** The iotated vowels of the transliteration (є, ї, ю, я) folded to their vowel. */
const IOTATED: Readonly<Record<string, string>> = { ye: 'e', ie: 'e', yi: 'i', yu: 'u', iu: 'u', ya: 'a', ia: 'a' };

/**
 * Phonetic ASCII key for fuzzy search and linkage across scripts: the КМУ 2010 transliteration of the name key,
 * with the distinctions people most often lose folded together (и/і/ї/й → i, е/є → e, г/ґ → h, doubled letters
 * once). A Latin-script name from a passport gets the same key as its Cyrillic original in most cases.
 */
export function phoneticKey(raw: string): string {
  // Word by word, remembered: names repeat across millions of records, and every step below works within a word.
  const words = raw.split(/\s+/u);
  let key = '';
  for (const word of words) {
    if (!word) continue;
    let k = PHONETIC_CACHE.get(word);
    if (k === undefined) {
      k = phoneticKeyOfWord(word);
      if (PHONETIC_CACHE.size >= PHONETIC_CACHE_MAX) PHONETIC_CACHE.clear();
      PHONETIC_CACHE.set(word, k);
    }
    if (k) key = key ? `${key} ${k}` : k;
  }
  return key;
}

const PHONETIC_CACHE = new Map<string, string>();
const PHONETIC_CACHE_MAX = 100_000;

function phoneticKeyOfWord(raw: string): string {
  const latin =
    /[a-z]/iu.test(raw) && !UKRAINIAN_LETTER.test(raw) ? raw.toLowerCase() : transliterate(nameKey(raw)).toLowerCase();
  return (
    latin
      .replace(/[^a-z ]/gu, '')
      // Doubled letters first, so that «Yuliia» (КМУ 2010) and «Yulia» (older passports) fold alike.
      .replace(/(.)\1+/gu, '$1')
      .replace(/shch/gu, 'sc')
      .replace(/zgh/gu, 'zh')
      .replace(/kh/gu, 'h')
      .replace(/ts/gu, 'c')
      .replace(/ye|ie|yi|yu|iu|ya|ia/gu, (m) => IOTATED[m]!)
      .replace(/[yj]/gu, 'i')
      .replace(/g/gu, 'h')
      .replace(/(.)\1+/gu, '$1')
      .replace(/\s+/gu, ' ')
      .trim()
  );
}
