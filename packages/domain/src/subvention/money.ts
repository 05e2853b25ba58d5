/**
 * Money of the subvention: whole kopiyky as BigInt, never floating point. The API carries kopiyky as JSON numbers,
 * which is exact up to 2^53 − 1 kopiyky (≈ 90 trillion hryvnias — three orders of magnitude above the state budget),
 * and as decimal text where a value is entered.
 */
import { GROUP_SEPARATOR } from './decimal';

/** Whole kopiyky as decimal digits (a total is entered this way: bigint-safe in JSON). */
export const KOPIYKY_PATTERN = /^(0|[1-9][0-9]{0,15})$/;

/** The largest amount of kopiyky the API carries as a JSON number exactly. */
export const MAX_SAFE_KOPIYKY = BigInt(Number.MAX_SAFE_INTEGER);

/**
 * Reads whole kopiyky from decimal digits.
 *
 * @example parseKopiyky('10320000000000') // 10_320_000_000_000n (103,2 млрд грн)
 * @throws RangeError for anything but digits, or more than {@link MAX_SAFE_KOPIYKY}
 */
export function parseKopiyky(text: string): bigint {
  if (!KOPIYKY_PATTERN.test(text)) throw new RangeError(`not an amount of kopiyky: ${JSON.stringify(text)}`);
  const value = BigInt(text);
  if (value > MAX_SAFE_KOPIYKY) throw new RangeError(`amount too large: ${text}`);
  return value;
}

/** Kopiyky as a JSON-safe number (throws above 2^53 − 1, which no amount of the subvention reaches). */
export function kopiykyToNumber(kop: bigint): number {
  if (kop > MAX_SAFE_KOPIYKY || kop < -MAX_SAFE_KOPIYKY) throw new RangeError(`amount beyond 2^53: ${kop}`);
  return Number(kop);
}

/**
 * An amount in hryvnias as Ukrainian text: digits grouped by a no-break space, decimal comma, the sign as a minus.
 *
 * @example formatUah(123_456_789n) // '1 234 567,89 грн'
 * @example formatUah(-5n) // '−0,05 грн'
 */
export function formatUah(kop: bigint | number, options: { sign?: boolean } = {}): string {
  const value = BigInt(kop);
  const negative = value < 0n;
  const abs = negative ? -value : value;
  const whole = (abs / 100n).toString().replace(/\B(?=(\d{3})+(?!\d))/g, GROUP_SEPARATOR);
  const cents = (abs % 100n).toString().padStart(2, '0');
  const sign = negative ? '−' : options.sign && value > 0n ? '+' : '';
  return `${sign}${whole},${cents} грн`;
}

/** Kopiyky as hryvnias in plain decimal text (`123456789n` → `"1234567.89"`), for spreadsheets and CSV. */
export function kopiykyToUahPlain(kop: bigint): string {
  const negative = kop < 0n;
  const abs = negative ? -kop : kop;
  return `${negative ? '-' : ''}${abs / 100n}.${(abs % 100n).toString().padStart(2, '0')}`;
}
