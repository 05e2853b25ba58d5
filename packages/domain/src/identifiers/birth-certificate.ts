/**
 * Ukrainian birth certificate (свідоцтво про народження): series = Roman numeral, hyphen, two Ukrainian capital
 * letters (`І-БК`); number = six digits. Source: the form of the certificate (Правила державної реєстрації актів
 * цивільного стану, Мін'юст order 52/5 of 18.10.2000, as amended); DOMAIN.md § 3.
 *
 * The numeral is written with the keyboard's Cyrillic І and Х (as on issued certificates and in the example of the
 * exchange record), Latin I and X are accepted for them silently; Latin letters typed for the Cyrillic letters of
 * the second part are replaced and reported, since they usually mean a wrong keyboard layout.
 */
import { LATIN_LOOKALIKES } from '../names';

const NUMERAL_TO_CANONICAL: Readonly<Record<string, string>> = {
  I: 'І',
  І: 'І',
  X: 'Х',
  Х: 'Х',
  V: 'V',
  L: 'L',
  C: 'С',
  С: 'С',
};
const ROMAN = /^(X{0,3})(IX|IV|V?I{0,3})$/;
const UKRAINIAN_CAPITALS = /^[А-ЩЬЮЯҐЄІЇ]{2}$/u;

export type BirthCertificateIssue =
  'SERIES_MISSING' | 'SERIES_FORMAT' | 'SERIES_NUMERAL' | 'SERIES_LATIN_LOOKALIKE' | 'NUMBER_MISSING' | 'NUMBER_FORMAT';

export interface ParsedBirthCertificate {
  /** Canonical series, e.g. `І-БК`, when it could be read. */
  series: string | null;
  /** Six digits, when valid. */
  number: string | null;
  issues: BirthCertificateIssue[];
}

/** Latin transcription of the numeral part, for checking it as a Roman numeral. */
function numeralToLatin(numeral: string): string {
  return [...numeral].map((c) => ({ І: 'I', Х: 'X', С: 'C', М: 'M' })[c] ?? c).join('');
}

/**
 * Reads a Ukrainian certificate's series and number as typed. Spaces are dropped, dashes of any kind become a
 * hyphen, lower case is raised.
 *
 * @example parseUkrainianBirthCertificate('i-бk', '123456') // { series: 'І-БК', number: '123456', issues: ['SERIES_LATIN_LOOKALIKE'] }
 */
export function parseUkrainianBirthCertificate(
  rawSeries: string | null | undefined,
  rawNumber: string | null | undefined,
): ParsedBirthCertificate {
  const issues: BirthCertificateIssue[] = [];
  let series: string | null = null;
  const s = (rawSeries ?? '')
    .toUpperCase()
    .replace(/\s+/g, '')
    .replace(/[‐-―−_]/g, '-');
  if (!s) issues.push('SERIES_MISSING');
  else {
    const m = /^([IІVXХLCС]+)-?(.{2})$/u.exec(s);
    if (!m) issues.push('SERIES_FORMAT');
    else {
      const numeral = [...m[1]!].map((c) => NUMERAL_TO_CANONICAL[c]!).join('');
      let lookalike = false;
      const letters = [...m[2]!]
        .map((c) => {
          const cyr = LATIN_LOOKALIKES[c];
          if (cyr) {
            lookalike = true;
            return cyr;
          }
          return c;
        })
        .join('');
      const latinNumeral = numeralToLatin(numeral);
      if (!latinNumeral || !ROMAN.test(latinNumeral)) issues.push('SERIES_NUMERAL');
      else if (!UKRAINIAN_CAPITALS.test(letters)) issues.push('SERIES_FORMAT');
      else {
        series = `${numeral}-${letters}`;
        if (lookalike) issues.push('SERIES_LATIN_LOOKALIKE');
      }
    }
  }
  let number: string | null = null;
  const n = (rawNumber ?? '').replace(/\s+/g, '');
  if (!n) issues.push('NUMBER_MISSING');
  else if (!/^\d{6}$/.test(n)) issues.push('NUMBER_FORMAT');
  else number = n;
  return { series, number, issues };
}

/** The normalised value a blind index is computed over: canonical series, a space, the number. */
export function birthCertificateKey(
  kind: 'ua' | 'foreign',
  series: string,
  number: string,
  country?: string | null,
): string {
  if (kind === 'ua') return `UA ${series} ${number}`;
  const clean = (v: string) => v.toUpperCase().replace(/[\s\-‐-―−_./]/g, '');
  return `${(country ?? '').toUpperCase()} ${clean(series)} ${clean(number)}`;
}
