/**
 * Calendar dates in Kyiv. Ukraine keeps UTC+2 in winter and UTC+3 in summer (EU rules: from 01:00 UTC on the last
 * Sunday of March to 01:00 UTC on the last Sunday of October). "Today" for a school is the Kyiv date, not UTC's:
 * between midnight and 02:00–03:00 they differ.
 */
function lastSundayUtc(year: number, month: number): number {
  const last = new Date(Date.UTC(year, month, 0));
  return Date.UTC(year, month - 1, last.getUTCDate() - last.getUTCDay(), 1);
}

/** Kyiv's offset from UTC, in hours, at an instant. */
export function kyivOffsetHours(instant: Date): 2 | 3 {
  const t = instant.getTime();
  const y = instant.getUTCFullYear();
  return t >= lastSundayUtc(y, 3) && t < lastSundayUtc(y, 10) ? 3 : 2;
}

/** The Kyiv calendar date (ISO `YYYY-MM-DD`) of an instant. */
export function kyivDate(instant: Date): string {
  return new Date(instant.getTime() + kyivOffsetHours(instant) * 3_600_000).toISOString().slice(0, 10);
}

/** The instant a Kyiv calendar day begins. */
export function kyivDayStart(isoDate: string): Date {
  const noonUtc = new Date(`${isoDate}T12:00:00Z`);
  return new Date(Date.parse(`${isoDate}T00:00:00Z`) - kyivOffsetHours(noonUtc) * 3_600_000);
}
