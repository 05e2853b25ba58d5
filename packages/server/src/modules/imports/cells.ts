/**
 * Cells of a school's spreadsheet as values of the exchange record. A cell may come from XLSX (text, a number, an
 * Excel date, a boolean, rich text, a formula with its cached result, an error value) or from CSV (text only); each
 * column kind accepts what people actually type: dates as Excel dates, дд.мм.рррр or ISO text; drop-down labels,
 * codes and common short forms; так/ні.
 */
import { COUNTRIES, COUNTRY_CODES, type CountryCode } from '@aikom/domain/countries';
import { headerKey, NO, YES, type ColumnDef, type EnumOption } from './columns';

/** The longest cell accepted: the longest field of the exchange record (the contact note) is 1 000 characters. */
export const MAX_CELL_CHARS = 1000;

/** A problem with one cell, found before the validation catalogue sees the record. */
export interface CellProblem {
  code: CellProblemCode;
  message: string;
}

export const CELL_PROBLEMS = {
  IMPORT_CELL_TOO_LONG: `Значення клітинки задовге: понад ${MAX_CELL_CHARS.toLocaleString('uk-UA')} символів.`,
  IMPORT_FORMULA_NO_RESULT:
    'У клітинці формула, значення якої у файлі не збережено (або воно порожнє, нуль чи помилка). Замініть формулу значенням: «Копіювати» → «Спеціальна вставка» → «Значення».',
  IMPORT_CELL_ERROR: 'У клітинці помилка обчислення формули (напр. #N/A). Замініть її правильним значенням.',
  IMPORT_DATE_FORMAT: 'Дату зазначте у форматі дд.мм.рррр, напр. 09.03.2014.',
  IMPORT_NUMBER_FORMAT: 'Клас зазначте цілим числом, напр. 5.',
  IMPORT_VALUE_NOT_IN_LIST: 'Значення немає у списку допустимих.',
} as const;
export type CellProblemCode = keyof typeof CELL_PROBLEMS;

const problem = (code: CellProblemCode, message: string = CELL_PROBLEMS[code]): CellProblem => ({ code, message });

/** What a cell holds, reduced to a JavaScript value: exceljs values are unwrapped by {@link cellScalar}. */
export type Scalar = string | number | boolean | Date | null;

/** A cell read for one column: its value for the record, its text for the report, or a problem. */
export interface ReadCell {
  /** The value for the exchange record; undefined when the cell is empty or has a problem. */
  value?: string | number | boolean;
  /** The cell as the school typed it, for the report (capped in length). */
  text: string;
  problem?: CellProblem;
  /** A class letter found in the grade cell («5-А»). */
  classLetter?: string;
}

/**
 * Unwraps an exceljs cell value: rich text and hyperlinks to their text, a formula to its cached result. A formula
 * without a cached result (a file written by a program that does not compute) and an error value are problems.
 */
export function cellScalar(raw: unknown): Scalar | CellProblem {
  if (raw === null || raw === undefined) return null;
  if (typeof raw === 'string' || typeof raw === 'boolean' || raw instanceof Date) return raw;
  if (typeof raw === 'number') return Number.isFinite(raw) ? raw : problem('IMPORT_CELL_ERROR');
  if (typeof raw === 'object') {
    const o = raw as Record<string, unknown>;
    if (Array.isArray(o.richText))
      return (o.richText as Array<{ text?: unknown }>).map((r) => (typeof r.text === 'string' ? r.text : '')).join('');
    if ('formula' in o || 'sharedFormula' in o) {
      // exceljs drops a cached result that is falsy (0, '', false, an error's NaN): such a formula cannot be told
      // from one never computed, and its value cannot be trusted either way.
      if (!('result' in o) || o.result === undefined) return problem('IMPORT_FORMULA_NO_RESULT');
      return cellScalar(o.result);
    }
    if ('error' in o) return problem('IMPORT_CELL_ERROR');
    if (typeof o.text === 'string') return o.text;
    if ('text' in o) return cellScalar(o.text);
  }
  return problem('IMPORT_CELL_ERROR');
}

export const isProblem = (v: unknown): v is CellProblem =>
  typeof v === 'object' && v !== null && !(v instanceof Date) && 'code' in v;

const pad = (n: number, width = 2) => String(n).padStart(width, '0');

/** An ISO date as the template shows it: дд.мм.рррр. */
export function ukrainianDate(iso: string): string {
  const m = /^(\d{4})-(\d{2})-(\d{2})$/.exec(iso);
  return m ? `${m[3]}.${m[2]}.${m[1]}` : iso;
}

/** The calendar date of an exceljs Date (exceljs puts Excel dates at UTC midnight). */
const isoOfDate = (d: Date) => `${pad(d.getUTCFullYear(), 4)}-${pad(d.getUTCMonth() + 1)}-${pad(d.getUTCDate())}`;

/** Days from 1899-12-30 (Excel's 1900 date system, past its fictitious 29 February 1900). */
const EXCEL_EPOCH_MS = Date.UTC(1899, 11, 30);
const DAY_MS = 86_400_000;

/**
 * A date cell as ISO `YYYY-MM-DD`: an Excel date, an Excel serial number (a date cell without a date format),
 * `дд.мм.рррр` (also with `/` or `-`, one-digit day or month), or ISO text. Returns null for text in no known format.
 * A date in a known format is returned even when it does not exist (31.02.2014): the catalogue says so.
 *
 * @example parseDate('9.3.2014') // '2014-03-09'
 */
export function parseDate(value: Exclude<Scalar, null | boolean>): string | null {
  if (value instanceof Date) return Number.isNaN(value.getTime()) ? null : isoOfDate(value);
  if (typeof value === 'number') {
    // Serial numbers of real dates: 1 = 1900-01-01 … 2958465 = 9999-12-31.
    if (value < 1 || value > 2_958_465) return null;
    return isoOfDate(new Date(EXCEL_EPOCH_MS + Math.floor(value) * DAY_MS));
  }
  const s = value.trim();
  const ua = /^(\d{1,2})\s*[./-]\s*(\d{1,2})\s*[./-]\s*(\d{4})(?:\s*р\.?)?$/u.exec(s);
  if (ua) return `${ua[3]}-${pad(Number(ua[2]))}-${pad(Number(ua[1]))}`;
  const iso = /^(\d{4})-(\d{2})-(\d{2})(?:[T ][\d:.]+(?:Z|[+-]\d{2}:?\d{2})?)?$/.exec(s);
  if (iso) return `${iso[1]}-${iso[2]}-${iso[3]}`;
  return null;
}

const optionKey = (s: string) => headerKey(s);

const optionIndex = new WeakMap<readonly EnumOption[], Map<string, string>>();
function lookup(options: readonly EnumOption[]): Map<string, string> {
  let index = optionIndex.get(options);
  if (!index) {
    index = new Map();
    for (const o of options) for (const v of [o.code, o.label, ...(o.aliases ?? [])]) index.set(optionKey(v), o.code);
    optionIndex.set(options, index);
  }
  return index;
}

/** The code of a drop-down value: by its label, its code or an accepted short form; null when none matches. */
export function parseOption(options: readonly EnumOption[], text: string): string | null {
  return lookup(options).get(optionKey(text)) ?? null;
}

const COUNTRY_INDEX = new Map<string, CountryCode>();
for (const code of COUNTRY_CODES) {
  COUNTRY_INDEX.set(optionKey(code), code);
  COUNTRY_INDEX.set(optionKey(COUNTRIES[code].uk), code);
  COUNTRY_INDEX.set(optionKey(COUNTRIES[code].en), code);
}

/** A country by its ISO code, its Ukrainian name (as in the drop-down list) or its English name. */
export function parseCountry(text: string): CountryCode | null {
  return COUNTRY_INDEX.get(optionKey(text)) ?? null;
}

/** Countries of the drop-down list: Ukraine first, then by Ukrainian name. */
export const COUNTRY_LIST: readonly CountryCode[] = [
  'UA',
  ...COUNTRY_CODES.filter((c) => c !== 'UA').sort((a, b) => COUNTRIES[a].uk.localeCompare(COUNTRIES[b].uk, 'uk')),
];

const BOOLEAN = new Map<string, boolean>(
  [
    [YES, true],
    ['т', true],
    ['+', true],
    ['1', true],
    ['true', true],
    ['yes', true],
    ['є', true],
    [NO, false],
    ['н', false],
    ['-', false],
    ['0', false],
    ['false', false],
    ['no', false],
    ['немає', false],
  ].map(([k, v]) => [k === '+' || k === '-' ? k : optionKey(k as string), v as boolean]),
);

function parseBoolean(text: string): boolean | null {
  const t = text.trim();
  return BOOLEAN.get(t === '+' || t === '-' ? t : optionKey(t)) ?? null;
}

/** Text of a scalar for the report and for text columns: numbers without exponent, dates as дд.мм.рррр. */
export function scalarText(v: Exclude<Scalar, null>): string {
  if (typeof v === 'string') return v;
  if (typeof v === 'boolean') return v ? YES : NO;
  if (v instanceof Date) return Number.isNaN(v.getTime()) ? '' : ukrainianDate(isoOfDate(v));
  return Number.isInteger(v) ? v.toFixed(0) : String(v);
}

const listProblem = (c: ColumnDef): CellProblem => {
  const labels = c.kind === 'boolean' ? [YES, NO] : (c.options ?? []).map((o) => o.label);
  const message =
    c.kind === 'country'
      ? 'Країну оберіть зі списку або зазначте дволітерним кодом ISO 3166-1, напр. PL.'
      : labels.length <= 4
        ? `Значення немає у списку. Допустимі: ${labels.join('; ')}.`
        : 'Значення немає у списку; оберіть його зі списку в шаблоні.';
  return problem('IMPORT_VALUE_NOT_IN_LIST', message);
};

/** A Ukrainian birth certificate number is six digits: a number cell that lost its leading zeros gets them back. */
const SIX_DIGITS = new Set(['birthCertificate.number']);

/**
 * Reads one cell for its column. Empty cells (nothing, or only spaces) give `{ text: '' }` without a value.
 *
 * @example readCell(sexColumn, 'Ж') // { value: 'female', text: 'Ж' }
 */
export function readCell(column: ColumnDef, raw: Scalar | CellProblem): ReadCell {
  if (isProblem(raw)) return { text: '', problem: raw };
  if (raw === null) return { text: '' };
  const full = scalarText(raw);
  if (full.length > MAX_CELL_CHARS)
    return { text: `${full.slice(0, MAX_CELL_CHARS)}…`, problem: problem('IMPORT_CELL_TOO_LONG') };
  const text = full;
  if (text.trim() === '') return { text: '' };
  switch (column.kind) {
    case 'text':
      return { value: text, text };
    case 'digits':
      if (
        typeof raw === 'number' &&
        Number.isInteger(raw) &&
        SIX_DIGITS.has(column.key) &&
        raw >= 0 &&
        raw < 1_000_000
      ) {
        return { value: raw.toFixed(0).padStart(6, '0'), text };
      }
      return { value: text, text };
    case 'date': {
      if (typeof raw === 'boolean') return { text, problem: problem('IMPORT_DATE_FORMAT') };
      const iso = parseDate(raw);
      return iso ? { value: iso, text } : { text, problem: problem('IMPORT_DATE_FORMAT') };
    }
    case 'integer': {
      if (typeof raw === 'number')
        return Number.isInteger(raw) ? { value: raw, text } : { text, problem: problem('IMPORT_NUMBER_FORMAT') };
      // «5», «5-А», «5 А», «5А»: a grade with its class letter typed into one cell.
      const m = /^\s*(\d{1,2})(?:\s*[-‐‑–—]?\s*([\p{L}]|\d{1,2}))?\s*(?:клас)?\s*$/iu.exec(text);
      if (!m) return { text, problem: problem('IMPORT_NUMBER_FORMAT') };
      return { value: Number(m[1]), text, ...(m[2] ? { classLetter: m[2] } : {}) };
    }
    case 'boolean': {
      const b =
        typeof raw === 'boolean'
          ? raw
          : typeof raw === 'number' && (raw === 0 || raw === 1)
            ? raw === 1
            : parseBoolean(text);
      return b === null ? { text, problem: listProblem(column) } : { value: b, text };
    }
    case 'enum': {
      const code = parseOption(column.options ?? [], text);
      return code ? { value: code, text } : { text, problem: listProblem(column) };
    }
    case 'country': {
      const code = parseCountry(text);
      return code ? { value: code, text } : { text, problem: listProblem(column) };
    }
  }
}

/** The drop-down label of a code (export and template); the code itself when the column has no such option. */
export function optionLabel(column: ColumnDef, code: string): string {
  return column.options?.find((o) => o.code === code)?.label ?? code;
}

export function countryLabel(code: string): string {
  return Object.hasOwn(COUNTRIES, code) ? COUNTRIES[code as CountryCode].uk : code;
}
