/**
 * Dates in the portal are always shown as дд.мм.рррр (24.02.2022), in every language: that is how Ukrainian
 * documents write them, and an English reader cannot mistake 24.02.2022 for a US date the way they could 02/03/2022.
 */

const ISO_DATE = /^(\d{4})-(\d{2})-(\d{2})$/;
const ISO_DATE_TIME = /^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}/;

const pad = (n: number, width = 2) => String(n).padStart(width, '0');

function isRealDate(year: number, month: number, day: number): boolean {
  if (month < 1 || month > 12 || day < 1) return false;
  const daysInMonth = new Date(Date.UTC(year, month, 0)).getUTCDate();
  return day <= daysInMonth;
}

/**
 * Formats a date as дд.мм.рррр. Accepts an ISO date (`2022-02-24`, taken as written, with no time-zone shift), an
 * ISO date-time (shown in the local time zone) or a Date; anything else (null, invalid, 2023-02-30) gives ''.
 */
export function formatDate(value: string | Date | null | undefined): string {
  if (value === null || value === undefined) return '';
  if (typeof value === 'string') {
    const m = ISO_DATE.exec(value);
    if (m) {
      const [year, month, day] = [Number(m[1]), Number(m[2]), Number(m[3])];
      return isRealDate(year, month, day) ? `${m[3]}.${m[2]}.${m[1]}` : '';
    }
    if (!ISO_DATE_TIME.test(value)) return '';
    return formatDate(new Date(value));
  }
  if (Number.isNaN(value.getTime())) return '';
  return `${pad(value.getDate())}.${pad(value.getMonth() + 1)}.${pad(value.getFullYear(), 4)}`;
}

/** Today's date in the local time zone as an ISO date (`YYYY-MM-DD`), for comparing with dates from the API. */
export function localIsoDate(now: Date = new Date()): string {
  return `${pad(now.getFullYear(), 4)}-${pad(now.getMonth() + 1)}-${pad(now.getDate())}`;
}

/** A moment (ISO date-time) as дд.мм.рррр гг:хх in the local time zone; '' for what is not one. */
export function formatDateTime(value: string | null | undefined): string {
  if (!value || !ISO_DATE_TIME.test(value)) return '';
  const d = new Date(value);
  if (Number.isNaN(d.getTime())) return '';
  return `${formatDate(d)} ${pad(d.getHours())}:${pad(d.getMinutes())}`;
}

/** The last moment of a local calendar day (ISO `YYYY-MM-DD`), as an ISO date-time: "access until 31.12.2025". */
export function endOfLocalDay(isoDate: string): string | null {
  const m = ISO_DATE.exec(isoDate);
  if (!m || !isRealDate(Number(m[1]), Number(m[2]), Number(m[3]))) return null;
  return new Date(Number(m[1]), Number(m[2]) - 1, Number(m[3]), 23, 59, 59).toISOString();
}

/** The local calendar day of a moment, as an ISO date (for a date input showing a stored date-time). */
export function localDayOf(value: string | null | undefined): string {
  if (!value || !ISO_DATE_TIME.test(value)) return '';
  const d = new Date(value);
  return Number.isNaN(d.getTime()) ? '' : localIsoDate(d);
}

/**
 * A date as people type it — дд.мм.рррр (09.03.2014; also with `/`, `-` or spaces, one-digit day and month, or the
 * eight digits 09032014) or ISO (2014-03-09, as pasted) — as an ISO date; null when it is not a real date.
 */
export function parseDate(text: string): string | null {
  const s = text.trim();
  let m = ISO_DATE.exec(s);
  let [year, month, day] = m ? [Number(m[1]), Number(m[2]), Number(m[3])] : [0, 0, 0];
  if (!m) {
    m = /^(\d{1,2})[./\-\s]+(\d{1,2})[./\-\s]+(\d{4})$/.exec(s) ?? /^(\d{2})(\d{2})(\d{4})$/.exec(s);
    if (!m) return null;
    [day, month, year] = [Number(m[1]), Number(m[2]), Number(m[3])];
  }
  if (year < 1000 || !isRealDate(year, month, day)) return null;
  return `${pad(year, 4)}-${pad(month)}-${pad(day)}`;
}
