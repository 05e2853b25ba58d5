/**
 * The columns of the school's spreadsheet: the pupil exchange record (ARCHITECTURE.md, «The pupil exchange record»)
 * flattened into one row per pupil, with Ukrainian headers. A file is read by header text, not by position, so a
 * school may reorder, drop optional columns or use the English keys of the exchange record instead.
 */
import {
  CONTACT_STATUSES,
  DISPLACEMENT_STATUSES,
  EDUCATION_FORMS,
  INSTRUCTION_LANGUAGES,
  SEXES,
  type Label,
} from '@aikom/domain/exchange-record';
import { LATIN_LOOKALIKES } from '@aikom/domain/names';

/** How a cell is read and written. */
export type ColumnKind = 'text' | 'digits' | 'date' | 'enum' | 'integer' | 'boolean' | 'country';

export interface EnumOption {
  code: string;
  /** The label of the drop-down list. */
  label: string;
  /** Other spellings accepted on import (codes of the exchange record are always accepted). */
  aliases?: readonly string[];
}

export interface ColumnDef {
  /** The exchange-record field, dotted: `birthCertificate.series`. Also accepted as a header. */
  key: string;
  /** Its JSON Pointer, as validation issues name it: `/birthCertificate/series`. */
  path: string;
  /** The header of the template. */
  header: string;
  /** Other headers accepted on import. */
  aliases?: readonly string[];
  kind: ColumnKind;
  options?: readonly EnumOption[];
  /** A file without this column is refused (the record cannot be made without it). */
  required?: boolean;
  /** Only accepted on import; the template leaves it out (the school and year come from the import itself). */
  importOnly?: boolean;
  width: number;
  /** What the instruction sheet says about the column. */
  help: string;
}

const options = (
  labels: Readonly<Record<string, Label>>,
  aliases: Readonly<Record<string, readonly string[]>> = {},
): EnumOption[] =>
  Object.entries(labels).map(([code, label]) => ({
    code,
    label: label.uk,
    ...(aliases[code] ? { aliases: aliases[code] } : {}),
  }));

const pathOf = (key: string) => `/${key.split('.').join('/')}`;

const column = (def: Omit<ColumnDef, 'path'>): ColumnDef => ({ ...def, path: pathOf(def.key) });

export const YES = 'так';
export const NO = 'ні';

/** The template's columns, in the template's order, then the import-only ones. */
export const COLUMNS: readonly ColumnDef[] = [
  column({
    key: 'lastName',
    header: 'Прізвище',
    kind: 'text',
    required: true,
    width: 18,
    help: 'Як у свідоцтві про народження.',
  }),
  column({
    key: 'firstName',
    header: 'Імʼя',
    kind: 'text',
    required: true,
    width: 14,
    help: 'Як у свідоцтві про народження.',
  }),
  column({ key: 'middleName', header: 'По батькові', kind: 'text', width: 18, help: 'Якщо є.' }),
  column({
    key: 'sex',
    header: 'Стать',
    kind: 'enum',
    required: true,
    options: options(SEXES, {
      male: ['ч', 'чол', 'чоловіча стать', 'хлопець'],
      female: ['ж', 'жін', 'жіноча стать', 'дівчина'],
    }),
    width: 11,
    help: 'Оберіть зі списку.',
  }),
  column({
    key: 'birthDate',
    header: 'Дата народження',
    aliases: ['Дата народж.'],
    kind: 'date',
    width: 14,
    help: 'дд.мм.рррр, напр. 09.03.2014 (показник 2 листа МОН).',
  }),
  column({
    key: 'birthCertificate.series',
    header: 'Свідоцтво: серія',
    aliases: ['Серія свідоцтва', 'Серія свідоцтва про народження'],
    kind: 'text',
    width: 12,
    help: 'Українського свідоцтва — римська цифра, дефіс і дві українські літери, напр. І-БК (показник 1).',
  }),
  column({
    key: 'birthCertificate.number',
    header: 'Свідоцтво: номер',
    aliases: ['Номер свідоцтва', 'Номер свідоцтва про народження'],
    kind: 'digits',
    width: 12,
    help: 'Українського свідоцтва — шість цифр, напр. 123456 (показник 1).',
  }),
  column({
    key: 'birthCertificate.issuedCountry',
    header: 'Свідоцтво: країна видачі',
    aliases: ['Країна видачі свідоцтва'],
    kind: 'country',
    width: 16,
    help: 'Лише для свідоцтва, виданого за кордоном; для українського залиште порожнім.',
  }),
  column({
    key: 'unzr',
    header: 'УНЗР',
    kind: 'digits',
    width: 16,
    help: 'РРРРММДД-ННННК: дата народження, дефіс і пʼять цифр, напр. 20140309-01234. Якщо немає — залиште порожнім.',
  }),
  column({
    key: 'rnokpp',
    header: 'РНОКПП',
    aliases: ['ІПН', 'Ідентифікаційний код'],
    kind: 'digits',
    width: 13,
    help: '10 цифр. Якщо немає — залиште порожнім.',
  }),
  column({
    key: 'citizenship',
    header: 'Громадянство',
    kind: 'country',
    width: 16,
    help: 'Оберіть країну зі списку (або дволітерний код, напр. UA).',
  }),
  column({
    key: 'residence.katottg',
    header: 'КАТОТТГ місця проживання',
    aliases: ['КАТОТТГ'],
    kind: 'digits',
    width: 22,
    help: 'Код населеного пункту за Кодифікатором: UA і 17 цифр.',
  }),
  column({
    key: 'residence.address',
    header: 'Адреса',
    aliases: ['Адреса проживання'],
    kind: 'text',
    width: 30,
    help: 'Вулиця, будинок, квартира.',
  }),
  column({
    key: 'displacement.status',
    header: 'Переміщення: статус',
    aliases: ['Статус переміщення'],
    kind: 'enum',
    options: options(DISPLACEMENT_STATUSES, {
      none: ['не переміщена', 'не переміщена особа', 'немає'],
      internal: ['впо', 'внутрішньо переміщений', 'внутрішньо переміщена'],
      external: ['за кордоном', 'закордоном'],
    }),
    width: 20,
    help: 'Оберіть зі списку (показник 3 листа МОН).',
  }),
  column({
    key: 'displacement.since',
    header: 'Переміщення: з дати',
    kind: 'date',
    width: 14,
    help: 'дд.мм.рррр — з якої дати учень переміщений.',
  }),
  column({
    key: 'displacement.originKatottg',
    header: 'Переміщення: КАТОТТГ громади походження',
    kind: 'digits',
    width: 24,
    help: 'Для ВПО — код громади чи населеного пункту, звідки учень переміщений (UA і 17 цифр).',
  }),
  column({
    key: 'displacement.country',
    header: 'Переміщення: країна',
    kind: 'country',
    width: 16,
    help: 'Для учня за кордоном — країна перебування.',
  }),
  column({
    key: 'displacement.idpCertificate',
    header: 'Переміщення: номер довідки ВПО',
    kind: 'text',
    width: 18,
    help: 'Номер довідки про взяття на облік ВПО, якщо є.',
  }),
  column({
    key: 'contact.status',
    header: 'Звʼязок: статус',
    aliases: ['Статус звʼязку'],
    kind: 'enum',
    options: options(CONTACT_STATUSES, {
      in_contact: ['є', 'так', 'на звʼязку'],
      lost: ['втрачено', 'немає звʼязку'],
      restored: ['відновлено'],
    }),
    width: 18,
    help: 'Оберіть зі списку (показник 4 листа МОН).',
  }),
  column({
    key: 'contact.lostSince',
    header: 'Звʼязок: втрачено з',
    kind: 'date',
    width: 14,
    help: 'дд.мм.рррр — з якої дати звʼязку немає.',
  }),
  column({
    key: 'contact.note',
    header: 'Звʼязок: примітка',
    kind: 'text',
    width: 28,
    help: 'Що зроблено, щоб відновити звʼязок.',
  }),
  column({
    key: 'educationForm',
    header: 'Форма навчання',
    kind: 'enum',
    options: options(EDUCATION_FORMS, {
      day: ['очна', 'денна'],
      evening: ['вечірня'],
      externship: ['екстернат', 'екстернатна'],
      family: ['сімейна', 'домашня'],
      patronage: ['патронаж'],
    }),
    width: 20,
    help: 'Оберіть зі списку (Закон «Про повну загальну середню освіту», ст. 9).',
  }),
  column({
    key: 'specialNeeds',
    header: 'ООП (особливі освітні потреби)',
    aliases: ['ООП', 'Особливі освітні потреби'],
    kind: 'boolean',
    width: 14,
    help: `${YES} або ${NO}.`,
  }),
  column({
    key: 'instructionLanguage',
    header: 'Мова навчання',
    kind: 'enum',
    options: options(INSTRUCTION_LANGUAGES),
    width: 16,
    help: 'Оберіть зі списку.',
  }),
  column({
    key: 'enrollment.grade',
    header: 'Клас (номер)',
    aliases: ['Клас'],
    kind: 'integer',
    required: true,
    width: 10,
    help: 'Число від 1 до 11, напр. 5.',
  }),
  column({
    key: 'enrollment.classLetter',
    header: 'Літера класу',
    kind: 'text',
    width: 10,
    help: 'Одна велика літера (А, Б, В …) або номер паралелі; для 5-А — «А».',
  }),
  column({
    key: 'enrollment.entryDate',
    header: 'Дата зарахування',
    kind: 'date',
    width: 14,
    help: 'дд.мм.рррр — дата наказу про зарахування.',
  }),
  column({
    key: 'enrollment.orderNumber',
    header: 'Номер наказу',
    aliases: ['Наказ про зарахування'],
    kind: 'text',
    width: 12,
    help: 'Номер наказу про зарахування, напр. 12-у.',
  }),
  column({
    key: 'enrollment.schoolEdrpou',
    header: 'ЄДРПОУ закладу',
    kind: 'digits',
    importOnly: true,
    width: 12,
    help: 'Необовʼязковий: порожній означає заклад, для якого завантажено файл.',
  }),
  column({
    key: 'enrollment.schoolYear',
    header: 'Навчальний рік',
    kind: 'text',
    importOnly: true,
    width: 12,
    help: 'Необовʼязковий: порожній означає поточний навчальний рік.',
  }),
];

export const TEMPLATE_COLUMNS = COLUMNS.filter((c) => !c.importOnly);

/**
 * Headers that are not data: a running number, and the columns the import report adds (so a school can fix the
 * rejected rows in the report and upload it as it is).
 */
export const REPORT_ROW_HEADER = 'Рядок у файлі';
export const REPORT_ISSUES_HEADER = 'Помилки та попередження';
const IGNORED_HEADERS = ['№', '№ з/п', 'N', 'No', '#', 'Номер за порядком', REPORT_ROW_HEADER, REPORT_ISSUES_HEADER];

const APOSTROPHES = /['`´‘’ʹʻʼ′＇]/gu;
const CYRILLIC = /[\u0400-\u04FF]/u;

/**
 * The comparable form of a header: case, spaces, punctuation and apostrophe variants do not matter, and Latin
 * look-alike letters typed among Cyrillic ones count as Cyrillic («Cтать» with a Latin C is «Стать»).
 *
 * @example headerKey(' Ім\'я ') === headerKey('ІМЯ') // true
 */
export function headerKey(raw: string): string {
  let s = raw.normalize('NFC').replace(APOSTROPHES, '');
  if (CYRILLIC.test(s)) s = [...s].map((ch) => LATIN_LOOKALIKES[ch] ?? ch).join('');
  return s.toLowerCase().replace(/[^\p{L}\p{N}]+/gu, '');
}

const BY_HEADER = new Map<string, ColumnDef>();
for (const c of COLUMNS) {
  for (const h of [c.header, c.key, ...(c.aliases ?? [])]) BY_HEADER.set(headerKey(h), c);
}
const IGNORED = new Set(IGNORED_HEADERS.map(headerKey));

export const COLUMN_BY_KEY: ReadonlyMap<string, ColumnDef> = new Map(COLUMNS.map((c) => [c.key, c]));

/** The column a header names; `ignored` for a running number or a report column; undefined when unknown. */
export function columnOfHeader(raw: string): ColumnDef | 'ignored' | undefined {
  const key = headerKey(raw);
  if (key === '') return 'ignored';
  if (IGNORED.has(key)) return 'ignored';
  return BY_HEADER.get(key);
}

/** A column found in a file: which field, at which position (0-based), under which header. */
export interface FoundColumn {
  key: string;
  header: string;
  index: number;
}

export interface HeaderMapping {
  columns: FoundColumn[];
  /** Required columns the file lacks (template headers). */
  missing: string[];
  /** Headers the file has that name no column. */
  unknown: string[];
  /** Headers that name a column already named by an earlier header. */
  repeated: string[];
}

/** Maps a header row (cell texts by position) to columns. */
export function mapHeader(cells: ReadonlyArray<string | null | undefined>): HeaderMapping {
  const columns: FoundColumn[] = [];
  const unknown: string[] = [];
  const repeated: string[] = [];
  const seen = new Set<string>();
  cells.forEach((cell, index) => {
    const text = (cell ?? '').trim();
    if (text === '') return;
    const c = columnOfHeader(text);
    if (c === 'ignored') return;
    if (!c) unknown.push(text);
    else if (seen.has(c.key)) repeated.push(text);
    else {
      seen.add(c.key);
      columns.push({ key: c.key, header: text, index });
    }
  });
  const missing = COLUMNS.filter((c) => c.required && !seen.has(c.key)).map((c) => c.header);
  return { columns, missing, unknown, repeated };
}

/** How many distinct known columns the cells of a row name (to find the header row below a title). */
export function knownHeaderCount(cells: ReadonlyArray<string | null | undefined>): number {
  const keys = new Set<string>();
  for (const cell of cells) {
    const c = cell ? columnOfHeader(cell) : undefined;
    if (c && c !== 'ignored') keys.add(c.key);
  }
  return keys.size;
}

/**
 * The column an issue's JSON Pointer belongs to: the field's own column, else the first column inside it (an issue
 * about `/displacement` is shown at its status), else the column of the nearest enclosing field.
 */
export function columnOfPath(path: string): ColumnDef | undefined {
  if (path === '') return undefined;
  const exact = COLUMNS.find((c) => c.path === path);
  if (exact) return exact;
  const inside = COLUMNS.find((c) => c.path.startsWith(`${path}/`));
  if (inside) return inside;
  const parent = path.slice(0, path.lastIndexOf('/'));
  return parent ? columnOfPath(parent) : undefined;
}

/** The spreadsheet letters of a 0-based column index: 0 → A, 27 → AB. */
export function columnLetter(index: number): string {
  let n = index + 1;
  let s = '';
  while (n > 0) {
    const r = (n - 1) % 26;
    s = String.fromCharCode(65 + r) + s;
    n = Math.floor((n - 1) / 26);
  }
  return s;
}
