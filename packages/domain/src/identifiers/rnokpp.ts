/**
 * РНОКПП — registration number of the taxpayer's record card (Податковий кодекс, ст. 70): ten digits; the first five
 * are days since 31.12.1899 (00001 = 1900-01-01), i.e. the birth date; the ninth is odd for men and even for women;
 * the tenth is a check digit. The check digit is validated by the `stdnum` library (ua.rntrc).
 */
import { rntrc } from './stdnum';

const EPOCH = Date.UTC(1899, 11, 31);
const DAY = 86_400_000;

export interface ParsedRnokpp {
  value: string | null;
  formatOk: boolean;
  checkDigitOk: boolean;
  birthDate: string | null;
  sex: 'male' | 'female' | null;
}

export function parseRnokpp(raw: string | null | undefined): ParsedRnokpp {
  const s = (raw ?? '').replace(/\s+/g, '');
  if (!/^\d{10}$/.test(s)) return { value: null, formatOk: false, checkDigitOk: false, birthDate: null, sex: null };
  const checkDigitOk = rntrc.validate(s).isValid;
  const days = Number(s.slice(0, 5));
  const birthDate = days > 0 ? new Date(EPOCH + days * DAY).toISOString().slice(0, 10) : null;
  const sex = Number(s[8]) % 2 === 1 ? 'male' : 'female';
  return { value: s, formatOk: true, checkDigitOk, birthDate, sex };
}

/** The first five digits for a birth date. */
export function rnokppDatePart(birthDate: string): string {
  const days = Math.round((Date.parse(`${birthDate}T00:00:00Z`) - EPOCH) / DAY);
  return String(days).padStart(5, '0');
}

/**
 * Completes nine digits with the check digit that `stdnum` accepts (synthetic data, tests). Returns null when no
 * digit validates (cannot happen for a correct modulus-11 scheme, but the library is the authority).
 */
export function completeRnokpp(nineDigits: string): string | null {
  for (let d = 0; d <= 9; d++) {
    const candidate = `${nineDigits}${d}`;
    if (rntrc.validate(candidate).isValid) return candidate;
  }
  return null;
}
