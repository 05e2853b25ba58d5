/**
 * The letter of a class within a grade: `5-А` is grade 5, class «А» (DOMAIN.md § 4). Schools name parallel classes
 * by capital letters of the Ukrainian alphabet; the soft sign cannot start a name and is not used. Some schools
 * number parallel classes instead (`5-1`, `5-2`), so a number 1–99 is accepted too.
 */
import { LATIN_LOOKALIKES } from './names';

export const CLASS_LETTER_PATTERN = /^(?:[А-ЩЮЯҐЄІЇ]|[1-9]\d?)$/u;

export function isClassLetter(value: string): boolean {
  return CLASS_LETTER_PATTERN.test(value);
}

/**
 * The class letter as stored: trimmed, in capitals, a Latin letter typed for the Cyrillic one it looks like
 * replaced (and reported, since it may also be a real mistake).
 *
 * @example normaliseClassLetter(' b ') // { value: 'В', latinLookalikeReplaced: true }
 */
export function normaliseClassLetter(raw: string): { value: string; latinLookalikeReplaced: boolean } {
  const upper = raw.trim().toUpperCase();
  const cyrillic = LATIN_LOOKALIKES[upper];
  return cyrillic ? { value: cyrillic, latinLookalikeReplaced: true } : { value: upper, latinLookalikeReplaced: false };
}
