/**
 * Birth dates as day numbers (days since 1970-01-01) for record linkage: a number compares, hashes and subtracts
 * without allocating, which matters over millions of pairs. Conversions follow Howard Hinnant's `days_from_civil` and
 * `civil_from_days` (proleptic Gregorian calendar, integer arithmetic only).
 */
import { ISO_DATE_PATTERN, isRealDate } from '../iso-date';

/** The day number of a missing date. */
export const NO_DAY = -2_147_483_648;

/** Day number of a calendar date (month 1–12). */
export function dayFromCivil(year: number, month: number, day: number): number {
  const y = month <= 2 ? year - 1 : year;
  const era = Math.floor(y / 400);
  const yoe = y - era * 400;
  const mp = (month + 9) % 12;
  const doy = Math.floor((153 * mp + 2) / 5) + day - 1;
  const doe = yoe * 365 + Math.floor(yoe / 4) - Math.floor(yoe / 100) + doy;
  return era * 146_097 + doe - 719_468;
}

/** Year, month (1–12) and day of a day number. */
export function civilFromDay(dayNumber: number): { year: number; month: number; day: number } {
  const z = dayNumber + 719_468;
  const era = Math.floor(z / 146_097);
  const doe = z - era * 146_097;
  const yoe = Math.floor((doe - Math.floor(doe / 1460) + Math.floor(doe / 36_524) - Math.floor(doe / 146_096)) / 365);
  const doy = doe - (365 * yoe + Math.floor(yoe / 4) - Math.floor(yoe / 100));
  const mp = Math.floor((5 * doy + 2) / 153);
  const day = doy - Math.floor((153 * mp + 2) / 5) + 1;
  const month = mp < 10 ? mp + 3 : mp - 9;
  return { year: yoe + era * 400 + (month <= 2 ? 1 : 0), month, day };
}

/**
 * The day number of an ISO date, or {@link NO_DAY} when it is missing or not a real date.
 *
 * @example dayOfIso('1970-01-02') // 1
 */
export function dayOfIso(iso: string | null | undefined): number {
  if (!iso || !isRealDate(iso)) return NO_DAY;
  const m = ISO_DATE_PATTERN.exec(iso)!;
  return dayFromCivil(Number(m[1]), Number(m[2]), Number(m[3]));
}

/** The ISO date of a day number. */
export function isoOfDay(dayNumber: number): string {
  const { year, month, day } = civilFromDay(dayNumber);
  return `${String(year).padStart(4, '0')}-${String(month).padStart(2, '0')}-${String(day).padStart(2, '0')}`;
}

/**
 * How two birth dates agree, as the levels of the comparison (best first):
 * 0 the same date; 1 day and month exchanged (the ДД.ММ / ММ.ДД slip); 2 two of year, month and day equal (one
 * mistyped part); 3 within a year of each other; 4 anything else. −1 when either date is missing.
 */
export const BIRTH_DATE_LEVELS = ['exact', 'day_month_swapped', 'two_of_three', 'within_year', 'other'] as const;

/** The level of {@link BIRTH_DATE_LEVELS} for two day numbers. */
export function compareBirthDays(a: number, b: number): number {
  if (a === NO_DAY || b === NO_DAY) return -1;
  if (a === b) return 0;
  const x = civilFromDay(a);
  const y = civilFromDay(b);
  if (x.year === y.year && x.month === y.day && x.day === y.month) return 1;
  const same = (x.year === y.year ? 1 : 0) + (x.month === y.month ? 1 : 0) + (x.day === y.day ? 1 : 0);
  if (same >= 2) return 2;
  return Math.abs(a - b) <= 366 ? 3 : 4;
}
