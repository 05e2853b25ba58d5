/**
 * УНЗР — unique record number in the Unified State Demographic Register (ЄДДР), `YYYYMMDD-NNNNC`: the birth date,
 * a four-digit sequence and a check digit (Закон «Про Єдиний державний демографічний реєстр…», ст. 7).
 * The check digit is believed to follow ICAO 9303 (weights 7, 3, 1 repeating over the 12 digits, sum mod 10);
 * this is not confirmed, so a mismatch is reported as a warning, never as an error.
 */
import { isRealDate } from '../iso-date';

/** Kept here too for callers that imported it from the УНЗР module before `iso-date` existed. */
export { isRealDate };

export const UNZR_PATTERN = /^(\d{4})(\d{2})(\d{2})-(\d{4})(\d)$/;

const WEIGHTS = [7, 3, 1] as const;

/** ICAO 9303 check digit over digits. */
export function icao9303CheckDigit(digits: string): number {
  let sum = 0;
  for (let i = 0; i < digits.length; i++) sum += Number(digits[i]) * WEIGHTS[i % 3]!;
  return sum % 10;
}

export interface ParsedUnzr {
  /** Canonical form with the hyphen, when the format is right. */
  value: string | null;
  /** The date part as ISO `YYYY-MM-DD`, when it is a real date. */
  birthDate: string | null;
  formatOk: boolean;
  dateOk: boolean;
  checkDigitOk: boolean;
}

/**
 * Reads a УНЗР as typed: spaces dropped, any dash becomes a hyphen, thirteen digits without the hyphen accepted.
 *
 * @example parseUnzr('2012030901234').value // '20120309-01234'
 */
export function parseUnzr(raw: string | null | undefined): ParsedUnzr {
  let s = (raw ?? '').replace(/\s+/g, '').replace(/[‐-―−_]/g, '-');
  if (/^\d{13}$/.test(s)) s = `${s.slice(0, 8)}-${s.slice(8)}`;
  const m = UNZR_PATTERN.exec(s);
  if (!m) return { value: null, birthDate: null, formatOk: false, dateOk: false, checkDigitOk: false };
  const iso = `${m[1]}-${m[2]}-${m[3]}`;
  const dateOk = isRealDate(iso);
  const digits = s.replace('-', '');
  return {
    value: s,
    birthDate: dateOk ? iso : null,
    formatOk: true,
    dateOk,
    checkDigitOk: icao9303CheckDigit(digits.slice(0, 12)) === Number(digits[12]),
  };
}

/** Builds a УНЗР from a birth date and a sequence number (synthetic data, tests). */
export function makeUnzr(birthDate: string, sequence: number): string {
  const head = birthDate.replace(/-/g, '') + String(sequence).padStart(4, '0');
  return `${head.slice(0, 8)}-${head.slice(8)}${icao9303CheckDigit(head)}`;
}
