/**
 * Calendar dates as ISO `YYYY-MM-DD` strings, the form of every date of the exchange record (ARCHITECTURE.md,
 * «The pupil exchange record»). Strings, not `Date` objects: a date of birth has no time zone, and two valid ISO
 * dates compare correctly as strings.
 */
export const ISO_DATE_PATTERN = /^(\d{4})-(\d{2})-(\d{2})$/;

/** The earliest year accepted: earlier dates in this registry are typing errors (no pupil was born before 1900). */
export const EARLIEST_YEAR = 1900;

/**
 * True when `YYYY-MM-DD` names a day of the Gregorian calendar from 1900 on.
 *
 * @example isRealDate('2024-02-29') // true; isRealDate('2023-02-29') // false
 */
export function isRealDate(iso: string): boolean {
  const m = ISO_DATE_PATTERN.exec(iso);
  if (!m) return false;
  const [y, mo, d] = [Number(m[1]), Number(m[2]), Number(m[3])];
  const date = new Date(Date.UTC(y, mo - 1, d));
  return date.getUTCFullYear() === y && date.getUTCMonth() === mo - 1 && date.getUTCDate() === d && y >= EARLIEST_YEAR;
}

/**
 * The same date with day and month exchanged, when that is a different real date (the day is 12 or less and not
 * equal to the month) — the usual slip when a date is typed in the Ukrainian order ДД.ММ. into a field that expects
 * ММ.ДД. or the other way round.
 *
 * @example swapDayMonth('2012-09-03') // '2012-03-09'; swapDayMonth('2012-03-25') // null
 */
export function swapDayMonth(iso: string): string | null {
  if (!isRealDate(iso)) return null;
  const [y, mo, d] = iso.split('-') as [string, string, string];
  if (mo === d) return null;
  const swapped = `${y}-${d}-${mo}`;
  return isRealDate(swapped) ? swapped : null;
}
