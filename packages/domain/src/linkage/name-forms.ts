/**
 * The forms of a personal name that record linkage compares. Extracts of state registries write names in Cyrillic
 * (ЄДДР, ДРАЦС, ЄІБД ВПО, the lists of sought children) or in Latin script (border crossings: the name as in the
 * passport, transliterated by the table of КМУ постанова № 55 of 27.01.2010, or by an older rule for older
 * passports). Both scripts meet in two ASCII keys:
 *
 * - `translit`: the КМУ 2010 transliteration of the Cyrillic name key (look-alike letters fixed, apostrophes and
 *   case gone), or the Latin name itself with diacritics stripped. Equal keys mean "the same spelling".
 * - `phonetic`: {@link phoneticKey} — the transliteration with the distinctions people most often lose folded
 *   together (и/і/ї/й, е/є, г/ґ, doubled letters, iotated vowels). Equal keys mean "the same name, spelt differently";
 *   Jaro–Winkler on it measures how close two different spellings are.
 */
import { nameKey, phoneticKey } from '../names';
import { transliterate } from '../translit';

export type NameScript = 'cyrillic' | 'latin' | 'other';

export interface LinkageNameForms {
  script: NameScript;
  translit: string;
  phonetic: string;
}

const CYRILLIC = /[\u0400-\u04FF]/u;
const LATIN = /[A-Za-z\u00C0-\u024F]/u;

/** The script a name is written in: Cyrillic wins when both occur (a Latin letter in a Cyrillic name is a typo). */
export function scriptOf(raw: string): NameScript {
  if (CYRILLIC.test(raw)) return 'cyrillic';
  if (LATIN.test(raw)) return 'latin';
  return 'other';
}

/** Latin letters without diacritics (Kovač → Kovac, Müller → Muller), lower case, letters and single spaces only. */
function plainLatin(raw: string): string {
  return raw
    .normalize('NFD')
    .replace(/\p{M}/gu, '')
    .toLowerCase()
    .replace(/[^a-z]+/gu, ' ')
    .trim();
}

/**
 * The comparable forms of one name part (last, first or middle name), or null when nothing comparable is left.
 *
 * @example linkageNameForms('Юлія') // { script: 'cyrillic', translit: 'yuliia', phonetic: 'ula' }
 * @example linkageNameForms('YULIIA') // { script: 'latin', translit: 'yuliia', phonetic: 'ula' }
 */
export function linkageNameForms(raw: string | null | undefined): LinkageNameForms | null {
  if (raw === null || raw === undefined) return null;
  const script = scriptOf(raw);
  let translit: string;
  let phonetic: string;
  if (script === 'cyrillic') {
    translit = plainLatin(transliterate(nameKey(raw)));
    phonetic = phoneticKey(raw);
  } else if (script === 'latin') {
    translit = plainLatin(raw);
    phonetic = phoneticKey(translit);
  } else {
    return null;
  }
  if (translit === '' || phonetic === '') return null;
  return { script, translit, phonetic };
}
