/**
 * School days for the in-transit rule: a pupil who left a school and is enrolled nowhere N school days later is
 * *in transit* and needs follow-up (DOMAIN.md § 4; compare England's Children Missing Education guidance, which
 * counts school days). School days are taken to be the weekdays Monday–Friday: public holidays and school holidays
 * are not subtracted. A calendar of holidays per school would buy a day or two at the price of a data set nobody
 * keeps, and under martial law the public holidays have not been days off (Закон № 2136-IX «Про організацію
 * трудових відносин в умовах воєнного стану»). The number of days is a setting (AIKOM_TRANSIT_DAYS).
 *
 * Dates are ISO `YYYY-MM-DD` strings, computed in UTC so that no time zone moves a day.
 */
import { isRealDate } from '../iso-date';

const DAY_MS = 86_400_000;

function dayNumber(iso: string): number {
  if (!isRealDate(iso)) throw new RangeError(`not a date: ${iso}`);
  return Date.UTC(Number(iso.slice(0, 4)), Number(iso.slice(5, 7)) - 1, Number(iso.slice(8, 10))) / DAY_MS;
}

function isoOf(day: number): string {
  return new Date(day * DAY_MS).toISOString().slice(0, 10);
}

/** 0 = Monday … 6 = Sunday (1970-01-01 was a Thursday). */
function weekdayOf(day: number): number {
  return (((day + 3) % 7) + 7) % 7;
}

/** Whether a date is a school day (a weekday). */
export function isSchoolDay(iso: string): boolean {
  return weekdayOf(dayNumber(iso)) < 5;
}

/**
 * The school days after `from` up to and including `to` (0 when `to` is not after `from`).
 *
 * @example schoolDaysBetween('2025-10-10', '2025-10-13') // 1 — Friday to Monday
 */
export function schoolDaysBetween(from: string, to: string): number {
  const a = dayNumber(from);
  const b = dayNumber(to);
  if (b <= a) return 0;
  const days = b - a;
  const weeks = Math.floor(days / 7);
  let count = weeks * 5;
  // The remaining days after `from + 7·weeks`, one by one (fewer than 7).
  for (let d = a + weeks * 7 + 1; d <= b; d++) if (weekdayOf(d) < 5) count++;
  return count;
}

/**
 * The latest exit date from which `today` is at least `days` school days away: a pupil who left on that date or
 * earlier and is enrolled nowhere is in transit today. `days` = 0 gives `today`.
 *
 * @example transitCutoff('2025-10-15', 10) // '2025-10-01' — ten weekdays after 1 October is 15 October
 */
export function transitCutoff(today: string, days: number): string {
  if (!Number.isInteger(days) || days < 0) throw new RangeError(`not a number of days: ${days}`);
  let d = dayNumber(today);
  // Walk back over `days` school days; the day before the last one counted is the latest date with that many
  // school days after it (a Saturday `today` counts back to a Sunday, not to the Saturday a week before).
  for (let left = days; left > 0; d--) if (weekdayOf(d) < 5) left--;
  return isoOf(d);
}

/** A date `n` calendar days after another (negative: before). */
export function addDays(iso: string, n: number): string {
  return isoOf(dayNumber(iso) + n);
}
