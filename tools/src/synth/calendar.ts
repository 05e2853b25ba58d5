/**
 * Dates as day numbers (days since 1970-01-01, UTC) with precomputed ISO strings, so that the per-record hot path
 * never constructs a `Date` or formats one.
 */

const DAY_MS = 86_400_000;
/** First and last day the tables cover: every birth date, displacement date and school year the generator uses. */
const FIRST_DAY = Date.UTC(1990, 0, 1) / DAY_MS;
const LAST_DAY = Date.UTC(2060, 11, 31) / DAY_MS;
/** 31.12.1899, day zero of the РНОКПП date part (Податковий кодекс, ст. 70). */
const RNOKPP_EPOCH_DAY = Date.UTC(1899, 11, 31) / DAY_MS;

let isoTable: string[] | null = null;
let monthTable: Uint8Array | null = null;
let dayOfMonthTable: Uint8Array | null = null;
let yearTable: Uint16Array | null = null;

function build(): void {
  const n = LAST_DAY - FIRST_DAY + 1;
  isoTable = new Array<string>(n);
  monthTable = new Uint8Array(n);
  dayOfMonthTable = new Uint8Array(n);
  yearTable = new Uint16Array(n);
  for (let i = 0; i < n; i++) {
    const d = new Date((FIRST_DAY + i) * DAY_MS);
    isoTable[i] = d.toISOString().slice(0, 10);
    yearTable[i] = d.getUTCFullYear();
    monthTable[i] = d.getUTCMonth() + 1;
    dayOfMonthTable[i] = d.getUTCDate();
  }
}

function index(day: number): number {
  const i = day - FIRST_DAY;
  if (!(i >= 0 && day <= LAST_DAY) || !Number.isInteger(day))
    throw new RangeError(`day ${day} outside the calendar tables`);
  return i;
}

/** Day number of an ISO date `YYYY-MM-DD`. */
export function dayOf(iso: string): number {
  const m = /^(\d{4})-(\d{2})-(\d{2})$/.exec(iso);
  if (!m) throw new RangeError(`not an ISO date: ${iso}`);
  return Date.UTC(Number(m[1]), Number(m[2]) - 1, Number(m[3])) / DAY_MS;
}

/** Day number of a calendar date (month 1–12). */
export function dayOfYmd(year: number, month: number, day: number): number {
  return Date.UTC(year, month - 1, day) / DAY_MS;
}

/** ISO string of a day number. */
export function isoOf(day: number): string {
  if (!isoTable) build();
  return isoTable![index(day)]!;
}

export function yearOf(day: number): number {
  if (!yearTable) build();
  return yearTable![index(day)]!;
}

export function monthOf(day: number): number {
  if (!monthTable) build();
  return monthTable![index(day)]!;
}

export function dayOfMonthOf(day: number): number {
  if (!dayOfMonthTable) build();
  return dayOfMonthTable![index(day)]!;
}

/**
 * The date with day and month exchanged, when that is another real date (day ≤ 12 and day ≠ month), else null.
 * This is the typing mistake of entering `DD.MM` as `MM.DD`.
 */
export function swapDayMonth(day: number): number | null {
  const dd = dayOfMonthOf(day);
  const mm = monthOf(day);
  if (dd > 12 || dd === mm) return null;
  return dayOfYmd(yearOf(day), dd, mm);
}

/** The five-digit date part of a РНОКПП: days since 31.12.1899. */
export function rnokppDays(day: number): number {
  return day - RNOKPP_EPOCH_DAY;
}

/** Full years of age on a day (for "age on 1 September"). */
export function ageOnDay(birthDay: number, onDay: number): number {
  const by = yearOf(birthDay);
  const bm = monthOf(birthDay);
  const bd = dayOfMonthOf(birthDay);
  const y = yearOf(onDay);
  const m = monthOf(onDay);
  const d = dayOfMonthOf(onDay);
  return y - by - (m < bm || (m === bm && d < bd) ? 1 : 0);
}
