/**
 * Exact decimals for the subvention engine. Parameter values are written as decimal text (`"13.5"`, `"0.25"`) and
 * read into integers of millionths, so that the whole formula runs in integer arithmetic (BigInt): the result of an
 * allocation never depends on floating-point rounding, and a hand-computed example is reproduced to the kopiyka.
 */

/** Parameter values have at most this many decimal places. */
export const SCALE_DIGITS = 6;
/** 10⁶: a parameter value `v` is held as the integer `v × SCALE`. */
export const SCALE = 1_000_000n;

/** A non-negative decimal with at most six decimal places and nine integer digits, `.` as the separator. */
export const DECIMAL_PATTERN = /^(0|[1-9][0-9]{0,8})(\.[0-9]{1,6})?$/;

/** A non-negative exact ratio of integers (`den > 0`). */
export interface Ratio {
  num: bigint;
  den: bigint;
}

export function isDecimal(text: string): boolean {
  return DECIMAL_PATTERN.test(text);
}

/**
 * Reads a decimal into millionths.
 *
 * @example parseDecimal('13.5') // 13_500_000n
 * @throws RangeError when the text is not a decimal of {@link DECIMAL_PATTERN}
 */
export function parseDecimal(text: string): bigint {
  if (!DECIMAL_PATTERN.test(text)) throw new RangeError(`not a decimal: ${JSON.stringify(text)}`);
  const [whole, fraction = ''] = text.split('.') as [string, string?];
  return BigInt(whole) * SCALE + BigInt(fraction.padEnd(SCALE_DIGITS, '0'));
}

/** Millionths back to the shortest decimal text (`13_500_000n` → `"13.5"`). */
export function formatDecimal(scaled: bigint): string {
  const whole = scaled / SCALE;
  const fraction = (scaled % SCALE).toString().padStart(SCALE_DIGITS, '0').replace(/0+$/, '');
  return fraction ? `${whole}.${fraction}` : `${whole}`;
}

/** `num / den` rounded half up to `digits` decimal places, as an integer of 10^-digits. */
function roundedUnits(r: Ratio, digits: number): bigint {
  const unit = 10n ** BigInt(digits);
  return (2n * r.num * unit + r.den) / (2n * r.den);
}

/**
 * A ratio as machine-readable decimal text (`.` separator, no grouping), rounded half up.
 *
 * @example ratioToPlain({ num: 2n, den: 3n }, 4) // '0.6667'
 */
export function ratioToPlain(r: Ratio, digits: number): string {
  const units = roundedUnits(r, digits);
  if (digits === 0) return units.toString();
  const unit = 10n ** BigInt(digits);
  return `${units / unit}.${(units % unit).toString().padStart(digits, '0')}`;
}

/** Ukrainian typography: digits grouped by three with a no-break space, decimal comma. */
export const GROUP_SEPARATOR = '\u00a0';

function groupDigits(whole: string): string {
  return whole.replace(/\B(?=(\d{3})+(?!\d))/g, GROUP_SEPARATOR);
}

/**
 * A ratio as Ukrainian text: `1 234,57` (no-break space between groups, decimal comma), rounded half up.
 *
 * @example ratioToText({ num: 370_370n, den: 300n }, 2) // '1 234,57'
 */
export function ratioToText(r: Ratio, digits: number): string {
  const plain = ratioToPlain(r, digits);
  const [whole, fraction] = plain.split('.') as [string, string?];
  return fraction === undefined ? groupDigits(whole) : `${groupDigits(whole)},${fraction}`;
}

/** A scaled parameter value as Ukrainian text with its own decimals (`13_500_000n` → `"13,5"`). */
export function decimalToText(scaled: bigint): string {
  const [whole, fraction] = formatDecimal(scaled).split('.') as [string, string?];
  return fraction === undefined ? groupDigits(whole) : `${groupDigits(whole)},${fraction}`;
}

/** An integer with Ukrainian digit grouping (`1234567` → `"1 234 567"`). */
export function integerToText(value: bigint | number): string {
  const s = BigInt(value).toString();
  return s.startsWith('-') ? `−${groupDigits(s.slice(1))}` : groupDigits(s);
}

/** Compares two ratios exactly: negative, zero or positive as `a` is below, equal to or above `b`. */
export function compareRatios(a: Ratio, b: Ratio): number {
  const l = a.num * b.den;
  const r = b.num * a.den;
  return l < r ? -1 : l > r ? 1 : 0;
}
