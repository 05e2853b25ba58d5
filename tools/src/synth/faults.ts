/**
 * The mistakes the generator puts into pupil records on purpose, at configurable rates, so that validation, data
 * cleaning and record linkage can be measured against a known truth. They are the ones the MON letter of 27.06.2023
 * asks schools to look for (DOMAIN.md § 1: certificate, birth date, displacement, lost contact) and the usual typing
 * errors of registry data (DOMAIN.md § 3: Latin look-alikes).
 */
import { LATIN_LOOKALIKES } from '@aikom/domain/names';
import type { Rng } from './random';

export const FAULT_KINDS = [
  'latin_lookalike_certificate_series',
  'latin_lookalike_name',
  'unzr_check_digit',
  'rnokpp_check_digit',
  'missing_birth_certificate',
  'missing_displacement_since',
  'missing_displacement_origin',
  'missing_lost_contact_since',
  'birth_date_day_month_swap',
  'name_typo',
  'duplicate_enrollment',
  'name_variant',
] as const;
export type FaultKind = (typeof FAULT_KINDS)[number];

/**
 * Rates of injected faults. Each rate is the probability for a record *that can carry the fault* (the denominator is
 * named per field), so that the measured rate can be checked against it.
 */
export interface FaultRates {
  /** Records with a Ukrainian birth certificate: a Latin letter typed in the series (`І-БK`). */
  latinInCertificateSeries: number;
  /** All records: a Latin letter typed in the last or first name. */
  latinInName: number;
  /** Records with a УНЗР: a wrong check digit. */
  badUnzrCheckDigit: number;
  /** Records with a РНОКПП: a wrong check digit. */
  badRnokppCheckDigit: number;
  /** All records: no birth certificate entered. */
  missingBirthCertificate: number;
  /** Records of displaced pupils: the `since` date left empty. */
  missingDisplacementSince: number;
  /** Records of internally displaced pupils: the origin hromada left empty. */
  missingDisplacementOrigin: number;
  /** Records of pupils with lost contact: `lostSince` left empty. */
  missingLostSince: number;
  /**
   * All records: day and month of the birth date exchanged. Only a date whose swap is another real date can carry
   * it (day ≤ 12, day ≠ month), so the generator raises the probability on those dates to reach this overall rate.
   */
  dayMonthSwap: number;
  /** All records: a typing error in the last or first name. */
  nameTypo: number;
  /** Children: a second record in another school (the child counted twice). */
  duplicateEnrollment: number;
  /** Second records: the name written differently there (another spelling, no patronymic, a typo). */
  duplicateNameVariant: number;
}

export const DEFAULT_FAULT_RATES: Readonly<FaultRates> = {
  latinInCertificateSeries: 0.005,
  latinInName: 0.005,
  badUnzrCheckDigit: 0.005,
  badRnokppCheckDigit: 0.003,
  missingBirthCertificate: 0.015,
  missingDisplacementSince: 0.05,
  missingDisplacementOrigin: 0.03,
  missingLostSince: 0.1,
  dayMonthSwap: 0.003,
  nameTypo: 0.005,
  duplicateEnrollment: 0.002,
  duplicateNameVariant: 0.5,
};

/**
 * Share of calendar days whose day–month swap is another real date: 12 × 11 of the days of a year (day 1–12 of
 * months 1–12, day ≠ month).
 */
export const SWAPPABLE_DAY_SHARE = 132 / 365.25;

/** Cyrillic letter → the Latin letter that looks like it (the inverse of the domain's look-alike table). */
const CYRILLIC_TO_LATIN: ReadonlyMap<string, string> = new Map(
  Object.entries(LATIN_LOOKALIKES).map(([latin, cyrillic]) => [cyrillic, latin]),
);

/** Whether a text has a letter that a Latin look-alike can replace. */
export function hasLookalikeLetter(text: string): boolean {
  for (const ch of text) if (CYRILLIC_TO_LATIN.has(ch)) return true;
  return false;
}

/** Replaces one or two Cyrillic letters with their Latin look-alikes (the text must have one, see hasLookalikeLetter). */
export function withLatinLookalikes(text: string, rng: Rng, maxLetters = 2): string {
  const chars = [...text];
  const positions: number[] = [];
  chars.forEach((ch, i) => {
    if (CYRILLIC_TO_LATIN.has(ch)) positions.push(i);
  });
  if (positions.length === 0) return text;
  rng.shuffle(positions);
  const count = Math.min(positions.length, maxLetters > 1 && rng.chance(0.3) ? 2 : 1);
  for (let k = 0; k < count; k++) chars[positions[k]!] = CYRILLIC_TO_LATIN.get(chars[positions[k]!]!)!;
  return chars.join('');
}

const CONFUSABLE: Readonly<Record<string, string>> = {
  и: 'і',
  і: 'и',
  е: 'є',
  є: 'е',
  ї: 'і',
  г: 'ґ',
  ґ: 'г',
  о: 'а',
  а: 'о',
  ш: 'щ',
  щ: 'ш',
};

/**
 * A typing error in a name: two neighbouring letters exchanged, a letter dropped or doubled, or a letter confused
 * with a similar one (и/і, е/є, г/ґ, о/а). The first letter is kept, as people rarely mistype it.
 */
export function withTypo(name: string, rng: Rng): string {
  const chars = [...name];
  if (chars.length < 3) return name + chars[chars.length - 1]!;
  for (let attempt = 0; attempt < 8; attempt++) {
    const out = [...chars];
    const i = rng.int(1, out.length - 1);
    switch (rng.below(4)) {
      case 0:
        if (i < out.length - 1) [out[i], out[i + 1]] = [out[i + 1]!, out[i]!];
        break;
      case 1:
        out.splice(i, 1);
        break;
      case 2:
        out.splice(i, 0, out[i]!);
        break;
      default: {
        const c = CONFUSABLE[out[i]!];
        if (c) out[i] = c;
        break;
      }
    }
    const result = out.join('');
    if (result !== name && result.length > 1) return result;
  }
  return name + chars[chars.length - 1]!;
}

/** The identifier with its last digit replaced by a different one. */
export function withWrongCheckDigit(identifier: string, rng: Rng): string {
  const last = identifier.charCodeAt(identifier.length - 1) - 48;
  const wrong = (last + rng.int(1, 9)) % 10;
  return identifier.slice(0, -1) + String(wrong);
}
