/**
 * ЄДРПОУ — code of the Unified State Register of Enterprises and Organisations: eight digits, the last a check
 * digit. Validated by the `stdnum` library (ua.edrpou).
 */
import { edrpou } from './stdnum';

export function isValidEdrpou(raw: string | null | undefined): boolean {
  const s = (raw ?? '').trim();
  return /^\d{8}$/.test(s) && edrpou.validate(s).isValid;
}

/** Completes seven digits with the check digit that `stdnum` accepts (synthetic data, tests). */
export function completeEdrpou(sevenDigits: string): string | null {
  for (let d = 0; d <= 9; d++) {
    const candidate = `${sevenDigits}${d}`;
    if (edrpou.validate(candidate).isValid) return candidate;
  }
  return null;
}
