/**
 * How the subvention pages write numbers: money from whole kopiyky (exact, never floating point), exact decimals from
 * the API's plain text, percentages; and how they read an amount typed in hryvnias. Pure, so it is unit-tested.
 */

const NBSP = '\u00a0';
const MINUS = '\u2212';

const group = (digits: string) => digits.replace(/\B(?=(\d{3})+(?!\d))/g, NBSP);

/** Whole kopiyky as hryvnias: `1 234 567,89 грн` (uk) or `1 234 567.89 UAH` (en); `sign` adds a plus to gains. */
export function formatMoney(kop: number, language: string, options: { sign?: boolean } = {}): string {
  const value = BigInt(Math.trunc(kop));
  const negative = value < 0n;
  const abs = negative ? -value : value;
  const whole = group((abs / 100n).toString());
  const cents = (abs % 100n).toString().padStart(2, '0');
  const sign = negative ? MINUS : options.sign && value > 0n ? '+' : '';
  return language === 'uk' ? `${sign}${whole},${cents}${NBSP}грн` : `${sign}${whole}.${cents}${NBSP}UAH`;
}

/** An exact decimal of the API (`"12.345678"`, `"-0.5"`) in the reader's notation, digits grouped. */
export function formatPlain(plain: string | null | undefined, language: string): string {
  if (plain === null || plain === undefined || plain === '') return '—';
  const m = /^(-?)(\d+)(?:\.(\d+))?$/.exec(plain.trim());
  if (!m) return plain;
  const [, minus, whole, fraction] = m;
  const sep = language === 'uk' ? ',' : '.';
  return `${minus ? MINUS : ''}${group(whole!)}${fraction ? sep + fraction : ''}`;
}

/** A share of the total given as a plain decimal fraction (`"0.012345"`) as a percentage with 4 decimals. */
export function formatShare(plain: string, language: string): string {
  const n = Number(plain);
  if (!Number.isFinite(n)) return plain;
  return formatPercent(n * 100, language, 4);
}

/** A percentage: `12,5 %` (uk) or `12.5 %` (en); `sign` adds a plus to positive values. */
export function formatPercent(value: number, language: string, digits = 2, options: { sign?: boolean } = {}): string {
  const text = new Intl.NumberFormat(language === 'uk' ? 'uk-UA' : 'en-GB', {
    maximumFractionDigits: digits,
    minimumFractionDigits: 0,
    signDisplay: options.sign ? 'exceptZero' : 'auto',
  }).format(value);
  return `${text.replace('-', MINUS)}${NBSP}%`;
}

/** A whole number with its digits grouped. */
export function formatCount(n: number, language: string): string {
  return new Intl.NumberFormat(language === 'uk' ? 'uk-UA' : 'en-GB').format(n);
}

/**
 * An amount typed in hryvnias — `103 200 000 000`, `1 234,56`, `1234.5` — as whole kopiyky in digits (what a parameter
 * set stores); null when it is not an amount (letters, a negative sign, more than two decimals, too large).
 */
export function parseUah(text: string): string | null {
  const s = text.replace(/[\s\u00a0\u202f_]/g, '').replace(/грн\.?$/i, '');
  const m = /^(\d{1,14})(?:[.,](\d{1,2}))?$/.exec(s);
  if (!m) return null;
  const kop = BigInt(m[1]!) * 100n + BigInt((m[2] ?? '').padEnd(2, '0') || '0');
  if (kop > BigInt(Number.MAX_SAFE_INTEGER)) return null;
  return kop.toString();
}

/** Whole kopiyky in digits as hryvnias for an input field (`10320000000000` → `103200000000`, `150` → `1,50`). */
export function kopToUahInput(kop: string, language: string): string {
  if (!/^\d+$/.test(kop)) return kop;
  const v = BigInt(kop);
  const cents = v % 100n;
  const whole = (v / 100n).toString();
  return cents === 0n ? whole : `${whole}${language === 'uk' ? ',' : '.'}${cents.toString().padStart(2, '0')}`;
}

/** A decimal typed with a comma or a point (`13,5`) as the API's plain text (`13.5`); null when it is not one. */
export function parseDecimalInput(text: string): string | null {
  const s = text.trim().replace(',', '.');
  return /^(0|[1-9]\d{0,8})(\.\d{1,6})?$/.test(s) ? s : null;
}

export type SortOrder = 'asc' | 'desc';

/** Rows sorted by one column: numbers numerically, text in Ukrainian alphabetical order; ties by code. */
export function sortRows<T extends { code: string }>(rows: readonly T[], key: keyof T, order: SortOrder): T[] {
  const collator = new Intl.Collator('uk');
  const sign = order === 'asc' ? 1 : -1;
  return [...rows].sort((a, b) => {
    const x = a[key];
    const y = b[key];
    let c: number;
    if (typeof x === 'number' && typeof y === 'number') c = x - y;
    else if (x === null || x === undefined) c = y === null || y === undefined ? 0 : -1;
    else if (y === null || y === undefined) c = 1;
    else if (typeof x === 'string' && typeof y === 'string' && /^-?\d+(\.\d+)?$/.test(x) && /^-?\d+(\.\d+)?$/.test(y))
      c = Number(x) - Number(y);
    else c = collator.compare(String(x), String(y));
    return c !== 0 ? sign * c : a.code.localeCompare(b.code);
  });
}

/** The budget year the ministry is planning: the next calendar year from September on, this one before. */
export function planningYear(now: Date = new Date()): number {
  return now.getMonth() >= 8 ? now.getFullYear() + 1 : now.getFullYear();
}
